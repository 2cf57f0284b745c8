// What can go wrong for this domain's mail, shown whenever the status is not SUCCESS.
import type { Risk } from '../lib/report/types';
import type { DisplayStatus } from './StatusHeader';

export interface RiskListProps {
  risks: readonly Risk[];
  status: DisplayStatus;
}

export function RiskList({ risks, status }: RiskListProps) {
  if (status === 'SUCCESS' || status === 'RUNNING' || risks.length === 0) return null;
  return (
    <section class="risks" aria-labelledby="risks-heading">
      <h2 id="risks-heading">Risks</h2>
      <ul class="risk-list">
        {risks.map((risk) => (
          <li key={risk.id} class="risk" data-testid="risk" data-risk={risk.id}>
            <h3 class="risk-title">{risk.title}</h3>
            <p>{risk.detail}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
