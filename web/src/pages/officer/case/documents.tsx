import { Documents } from '../../../components/documents';
import { CASEWORKERS, useSession } from '../../../session/session';
import type { CaseTabProps } from '../case-page';

export function DocumentsTab({ kase }: CaseTabProps) {
  const { me } = useSession();
  return <Documents caseId={kase.id} canUpload={!!me && CASEWORKERS.includes(me.role)} />;
}
