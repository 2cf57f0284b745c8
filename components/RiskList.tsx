// What can go wrong for this domain's mail, shown whenever the status is not SUCCESS. Collapsed under
// "Why this matters": the cause and the fix come first; the risks explain why they are worth the effort.
import type { Risk } from '../lib/report/types';
import type { DisplayStatus } from './StatusHeader';

export interface RiskListProps {
  risks: readonly Risk[];
  status: DisplayStatus;
}

export function RiskList({ risks, status }: RiskListProps) {
  if (status === 'SUCCESS' || status === 'RUNNING' || risks.length === 0) return null;
  return (
    <details class="risks" data-testid="risks">
      <summary>
        <h2 id="risks-heading">Why this matters</h2>
      </summary>
      <ul class="risk-list" aria-labelledby="risks-heading">
        {risks.map((risk) => (
          <li key={risk.id} class="risk" data-testid="risk" data-risk={risk.id}>
            <h3 class="risk-title">{risk.title}</h3>
            <p>{risk.detail}</p>
          </li>
        ))}
      </ul>
    </details>
  );
}
