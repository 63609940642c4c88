// A place for the exchange views (inbox, consultations, publishing), which come with the
// consultations issue.
import { Page } from '../../components/page';
import { STAFF } from '../../session/session';

export function Exchange() {
  return (
    <Page title="Exchange with Subscribing States" roles={STAFF}>
      <p class="govuk-body">
        Denial notifications, consultations and threat reports from other Subscribing States will appear here. This
        part of echri is being built.
      </p>
    </Page>
  );
}
