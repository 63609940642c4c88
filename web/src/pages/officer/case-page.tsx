// A case for officers: one address per tab (/cases/ID/TAB), the case loaded once and shared by
// the tabs, keyboard shortcuts to move between them.
import { useMemo } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { Case } from '../../api/types';
import { Page } from '../../components/page';
import { useShortcuts } from '../../components/shortcuts';
import { LoadState, SubNav, Tag, useApi } from '../../components/ui';
import { STAFF } from '../../session/session';
import { AssessmentTab } from './case/assessment';
import { CountryTab } from './case/country';
import { DecisionTab } from './case/decision';
import { DocumentsTab } from './case/documents';
import { HistoryTab } from './case/history';
import { NotesTab } from './case/notes';
import { PartiesTab } from './case/parties';
import { RequestsTab } from './case/requests';
import { SummaryTab, useAssignToMe } from './case/summary';

export type CaseTabProps = { kase: Case; reload: () => void };

const TABS: { tab: string; text: string; render: (props: CaseTabProps) => preact.JSX.Element }[] = [
  { tab: 'summary', text: 'Summary', render: (p) => <SummaryTab {...p} /> },
  { tab: 'parties', text: 'Parties and screening', render: (p) => <PartiesTab {...p} /> },
  { tab: 'assessment', text: 'Assessment', render: (p) => <AssessmentTab {...p} /> },
  { tab: 'country', text: 'Destination', render: (p) => <CountryTab {...p} /> },
  { tab: 'requests', text: 'Information requests', render: (p) => <RequestsTab {...p} /> },
  { tab: 'notes', text: 'Notes and advice', render: (p) => <NotesTab {...p} /> },
  { tab: 'documents', text: 'Documents', render: (p) => <DocumentsTab {...p} /> },
  { tab: 'decision', text: 'Decision', render: (p) => <DecisionTab {...p} /> },
  { tab: 'history', text: 'History', render: (p) => <HistoryTab {...p} /> },
];

export function CasePage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const id = params.id;
  const tab = TABS.find((t) => t.tab === (params.tab ?? 'summary')) ?? TABS[0];
  const loaded = useApi<Case>(`/api/v1/applications/${encodeURIComponent(id)}`);
  const kase = loaded.data;
  const assignToMe = useAssignToMe(kase, loaded.reload);

  const shortcuts = useMemo(() => {
    const keys: Record<string, () => void> = {
      d: () => route(`/cases/${id}/decision`),
      q: () => route('/queue'),
      '?': () => route('/help'),
      a: () => void assignToMe(),
    };
    TABS.forEach((t, index) => {
      keys[String(index + 1)] = () => route(`/cases/${id}/${t.tab}`);
    });
    return keys;
  }, [id, route, assignToMe]);
  useShortcuts(shortcuts);

  return (
    <Page title={kase ? `${kase.application.reference}: ${tab.text}` : 'Case'} caption={id} roles={STAFF} wide>
      <LoadState loaded={loaded} what="the case" />
      {kase && (
        <>
          <p class="govuk-body">
            <Tag value={kase.state} /> {kase.risk && <Tag value={kase.risk.level} label={`${kase.risk.level} risk`} />}{' '}
            {kase.application.exporter.name} → {kase.application.destination}
          </p>
          <SubNav
            label="Case tabs"
            items={TABS.map((t) => ({ href: `/cases/${id}/${t.tab}`, text: t.text, current: t === tab }))}
          />
          {tab.render({ kase, reload: loaded.reload })}
        </>
      )}
    </Page>
  );
}
