import { render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';

describe('smoke', () => {
  it('renders', () => {
    render(<p>hi</p>);
    expect(screen.getByText('hi')).toBeTruthy();
  });
});
