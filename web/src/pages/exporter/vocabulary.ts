// The application format's vocabularies (docs/application-format.md, "Vocabularies"), with the
// words the exporter reads.
import type { Option } from '../../components/forms';

export const PARTY_ROLES: Option[] = [
  { value: 'end_user', label: 'End user: will use the items' },
  { value: 'ultimate_end_user', label: 'Ultimate end user: the final user when the end user passes the items on' },
  { value: 'consignee', label: 'Consignee: receives the shipment' },
  { value: 'intermediate', label: 'Intermediary: forwarder, broker, agent' },
  { value: 'purchaser', label: 'Purchaser: buys and pays' },
];

export const PARTY_TYPES: Option[] = [
  ['intelligence', 'Intelligence service'],
  ['state_security', 'State or internal security service'],
  ['police', 'Police or law enforcement'],
  ['military', 'Armed forces'],
  ['border_control', 'Border, immigration or customs service'],
  ['prison_service', 'Prison service'],
  ['government', 'Other public authority'],
  ['telecom_operator', 'Telecommunications operator'],
  ['internet_service_provider', 'Internet service provider'],
  ['company', 'Company'],
  ['university', 'University'],
  ['research_institute', 'Research institute'],
  ['ngo', 'Non-governmental organisation'],
  ['media', 'Media'],
  ['individual', 'Individual'],
].map(([value, label]) => ({ value, label }));

export const END_USE_CATEGORIES: Option[] = [
  ['law_enforcement', 'Law enforcement'],
  ['lawful_interception', 'Lawful interception'],
  ['criminal_investigation', 'Criminal investigation'],
  ['national_security', 'National security'],
  ['military', 'Military'],
  ['border_control', 'Border control'],
  ['public_order', 'Public order (assemblies, riot control)'],
  ['prison_management', 'Prison management'],
  ['network_operations', 'Running a network'],
  ['cybersecurity', 'Cybersecurity'],
  ['research', 'Research and education'],
  ['commercial', 'Commercial use'],
  ['personal', 'Personal use'],
].map(([value, label]) => ({ value, label }));

export const ASSURANCES: Option[] = [
  ['end_use_statement', 'The end user signs an end-use statement'],
  ['no_reexport', 'The end user will not re-export without consent'],
  ['post_shipment_checks', 'The end user accepts on-site checks after delivery'],
  ['end_user_certificate', 'A government end-user certificate is provided'],
  ['human_rights_clause', 'The contract has a human-rights clause'],
].map(([value, label]) => ({ value, label }));

export const QUESTIONS: Option[] = [
  ['end_user_linked_to_abuses', 'Is the end user credibly linked to repression or serious human-rights violations?'],
  ['targets_protected_groups', 'Could the items be used against journalists, defenders, lawyers, opponents or minorities?'],
  ['exporter_aware_of_misuse_intent', 'Do you know of an intention to use the items for repression or serious violations?'],
  ['integration_with_monitoring_centre', 'Will the items be connected to a monitoring centre?'],
  ['mass_scale_deployment', 'Will the items be deployed over the general population?'],
  ['customisation_for_surveillance', 'Was customisation requested that adds or strengthens surveillance of people?'],
  ['ongoing_operational_support', 'Will you keep supporting the operation (remote access, updates, analysis)?'],
  ['destination_lacks_legal_safeguards', 'Does the destination lack legal limits and independent oversight of surveillance?'],
  ['payment_in_cash', 'Is the customer paying in cash where financing would be normal?'],
  ['customer_reluctant_end_use_info', 'Is the customer reluctant to say what the items are for?'],
].map(([value, label]) => ({ value, label }));
