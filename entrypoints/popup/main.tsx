import { render } from 'preact';

render(<main>MTA-STS Checker</main>, document.getElementById('app') as HTMLElement);
