import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainForm } from '../../components/DomainForm';
import { nameOf, positiveTabIndexes, tabOrder } from './keyboard';

afterEach(cleanup);

const input = () => screen.getByLabelText('Domain, web address or e-mail address') as HTMLInputElement;

describe('DomainForm', () => {
  it('submits the typed text when Enter is pressed in the field', () => {
    const onSubmit = vi.fn();
    render(<DomainForm onSubmit={onSubmit} />);
    input().focus();
    fireEvent.input(input(), { target: { value: 'user@Example.org' } });
    fireEvent.keyDown(input(), { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith('user@Example.org');
  });

  it('does not submit on other keys', () => {
    const onSubmit = vi.fn();
    render(<DomainForm onSubmit={onSubmit} />);
    fireEvent.keyDown(input(), { key: 'a' });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('submits with the Check button', () => {
    const onSubmit = vi.fn();
    render(<DomainForm value="https://www.example.com/path" onSubmit={onSubmit} />);
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    expect(onSubmit).toHaveBeenCalledWith('https://www.example.com/path');
  });

  it('follows a new value from its parent', () => {
    const { rerender } = render(<DomainForm value="a.example" onSubmit={vi.fn()} />);
    rerender(<DomainForm value="b.example" onSubmit={vi.fn()} />);
    expect(input().value).toBe('b.example');
  });

  it('reaches the field, then the button, with Tab', () => {
    const { container } = render(<DomainForm onSubmit={vi.fn()} />);
    expect(tabOrder(container).map(nameOf)).toEqual(['Domain, web address or e-mail address', 'Check']);
    expect(positiveTabIndexes(container)).toEqual([]);
  });

  it('shows the hint line, linked to the field', () => {
    render(<DomainForm hint="This tab is not a website — type a domain to check" onSubmit={vi.fn()} />);
    expect(screen.getByText('This tab is not a website — type a domain to check').id).toBe('domain-hint');
    expect(input().getAttribute('aria-describedby')).toBe('domain-hint');
  });

  it('shows an input error beside the field as an alert and marks the field invalid', () => {
    render(<DomainForm error="“foo bar” contains a space." onSubmit={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain('“foo bar” contains a space.');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(input().getAttribute('aria-describedby')).toBe('domain-error');
  });

  it('has no error state without an error', () => {
    render(<DomainForm onSubmit={vi.fn()} />);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(input().hasAttribute('aria-invalid')).toBe(false);
  });
});
