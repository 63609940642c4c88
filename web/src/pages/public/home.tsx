// The public start page: what the Code of Conduct asks of Subscribing States, and what echri
// gives each of the people who carry it out.
import { Page } from '../../components/page';
import { useSession } from '../../session/session';
import { START_PAGE } from '../../components/layout';

const COMMITMENTS = [
  'Take human rights into account when reviewing exports of dual-use goods, software and technology that could be misused for serious violations or abuses of human rights.',
  'Consult the private sector, academia and civil society on human-rights concerns and on how export controls work in practice.',
  'Share information with the other Subscribing States on emerging threats and risks.',
  'Share best practices, and control exports to end users that pose an unacceptable risk.',
  "Encourage exporters' human-rights due diligence, in line with the UN Guiding Principles on Business and Human Rights.",
  'Help states that have not subscribed to do the same.',
];

export function Home() {
  const { me } = useSession();
  return (
    <Page title="Export controls that take human rights into account">
      <p class="govuk-body-l">
        The Code of Conduct of the Export Controls and Human Rights Initiative (2023) is a political commitment by
        Subscribing States to keep surveillance and other dual-use technology from those who would use it for
        serious violations or abuses of human rights.
      </p>
      {me && (
        <p class="govuk-body">
          You are signed in. <a class="govuk-link" href={START_PAGE[me.role]}>Go to your work</a>.
        </p>
      )}
      <h2 class="govuk-heading-m">What Subscribing States commit to</h2>
      <ol class="govuk-list govuk-list--number">
        {COMMITMENTS.map((commitment) => (
          <li key={commitment}>{commitment}</li>
        ))}
      </ol>
      <p class="govuk-body">
        <a class="govuk-link" href="/states">See the Subscribing States on a map and in a table</a>.
      </p>
      <h2 class="govuk-heading-m">Who uses echri</h2>
      <dl class="govuk-summary-list">
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Licensing officers</dt>
          <dd class="govuk-summary-list__value">
            Review applications with party screening, an explained human-rights risk assessment and four-eyes
            decisions.
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Exporters</dt>
          <dd class="govuk-summary-list__value">
            Screen names, run due diligence, apply for licences and ask for advice.
          </dd>
        </div>
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Civil society and researchers</dt>
          <dd class="govuk-summary-list__value">
            Submit evidence about end users and technologies to the licensing authority.
          </dd>
        </div>
      </dl>
      {!me && (
        <a href="/sign-in" role="button" draggable={false} class="govuk-button govuk-button--start">
          Sign in
          <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </a>
      )}
    </Page>
  );
}
