import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScopeSwitch } from '../../components/ScopeSwitch';

afterEach(cleanup);

describe('ScopeSwitch', () => {
  it.each([
    ['example.co.uk', 'www.shop.example.co.uk'],
    ['www.shop.example.co.uk', 'example.co.uk'],
  ])('while checking %s offers %s in one click', (current, target) => {
    const onCheck = vi.fn();
    render(
      <ScopeSwitch
        tabHost="www.shop.example.co.uk"
        registrable="example.co.uk"
        current={current}
        onCheck={onCheck}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: `Check ${target} instead` }));
    expect(onCheck).toHaveBeenCalledWith(target);
  });

  it.each([
    ['the tab host is the registrable domain', 'example.com', 'example.com', 'example.com'],
    ['there is no tab host', null, null, 'example.com'],
    ['the user typed an unrelated domain', 'www.example.com', 'example.com', 'other.example'],
  ])('stays hidden when %s', (_name, tabHost, registrable, current) => {
    render(<ScopeSwitch tabHost={tabHost} registrable={registrable} current={current} onCheck={vi.fn()} />);
    expect(screen.queryByTestId('scope-switch')).toBeNull();
  });
});
