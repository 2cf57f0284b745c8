import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { StepList } from '../../components/StepList';
import type { StepProgress } from '../../lib/report/types';

afterEach(cleanup);

const states = () =>
  Object.fromEntries(screen.getAllByTestId('step').map((el) => [el.dataset.step, el.dataset.state]));

describe('StepList', () => {
  it('lists every step as pending before any progress', () => {
    render(<StepList progress={[]} />);
    expect(states()).toEqual({
      record: 'pending',
      policy: 'pending',
      mx: 'pending',
      tlsrpt: 'pending',
      dane: 'pending',
    });
    expect(screen.getAllByText('Pending')).toHaveLength(5);
  });

  it('shows done and failed steps with their elapsed time', () => {
    const progress: StepProgress[] = [
      { step: 'record', state: 'done', elapsedMs: 41.6 },
      { step: 'policy', state: 'failed', elapsedMs: 1200 },
    ];
    render(<StepList progress={progress} />);
    expect(states()).toMatchObject({ record: 'done', policy: 'failed', mx: 'pending' });
    const record = screen.getAllByTestId('step').find((el) => el.dataset.step === 'record');
    expect(record?.textContent).toContain('Done · 42 ms');
    const policy = screen.getAllByTestId('step').find((el) => el.dataset.step === 'policy');
    expect(policy?.textContent).toContain('Failed · 1200 ms');
  });

  it('uses the latest event of a step', () => {
    render(
      <StepList
        progress={[
          { step: 'mx', state: 'failed', elapsedMs: 5 },
          { step: 'mx', state: 'done', elapsedMs: 9 },
        ]}
      />,
    );
    expect(states().mx).toBe('done');
  });

  it('can be limited to some steps', () => {
    render(<StepList progress={[]} steps={['record', 'policy']} />);
    expect(Object.keys(states())).toEqual(['record', 'policy']);
  });
});
