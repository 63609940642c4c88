// The shapes of the API's answers that the pages read (docs/api.md is the full contract).

export type Risk = { level: string; score: number; recommendation: string };

export type QueueEntry = {
  id: string;
  reference: string;
  organisation: string;
  destination: string;
  state: string;
  risk: Risk | null;
  flags: number | string[];
  assignee?: string;
  assigned_to?: string;
  control_entries?: string[];
  days_in_state: number;
  days_open: number;
  overdue_requests: number;
  version?: number;
};

export type Page<T> = { items: T[]; total: number; offset?: number; limit: number; next: number | string | null };

export type Party = {
  role: string;
  name: string;
  country?: string;
  type?: string;
  address?: string;
  identifier?: string;
  date_of_birth?: string;
};

export type Item = {
  description: string;
  control_entry: string;
  capabilities?: string[];
  quantity?: number;
  value?: number;
  currency?: string;
};

export type Application = {
  reference: string;
  submitted_on?: string;
  exporter: { name: string; country: string };
  destination: string;
  items: Item[];
  parties?: Party[];
  end_use?: { description?: string; category?: string };
  assurances?: Record<string, boolean>;
  answers?: Record<string, boolean>;
};

export type Factor = { id: string; points: number; evidence: string; citation: string; path?: string };

export type PtsYear = { year: number; worst: number; amnesty?: number; human_rights_watch?: number; state_department?: number };

export type Assessment = {
  risk: Risk & { exposure?: { class: string; multiplier: number } };
  recommendation: string;
  recommendation_basis?: { action: string; trigger: string; citation: string };
  factors: Factor[];
  missing_information: { path: string; what: string; citation?: string }[];
  red_flags: { id?: string; what?: string; evidence?: string; path?: string }[];
  conditions: string[];
  screening: { party: number; name: string; role: string; status: string; hits: ScreeningHit[] }[];
  destination: {
    country: { alpha2: string; alpha3: string; name: string };
    basis: string;
    authority: { level: string; author: string; date: string; reason: string } | null;
    fiw: {
      total: number;
      status: string;
      political_rights: number;
      civil_liberties: number;
      edition: number;
      data_year: number;
      stale: boolean;
    } | null;
    pts: (PtsYear & { stale: boolean }) | null;
    pts_history: PtsYear[];
    warnings: string[];
  };
};

export type ScreeningHit = {
  id?: string;
  list: string;
  source_id: string;
  listed_name: string;
  party: string;
  party_index: number;
  score: number;
  identifier_match?: boolean;
  explanation?: unknown;
  programs?: string[];
  disposition?: string;
  reason?: string;
  by?: string;
  at?: string;
};

export type HistoryEntry = { action: string; at: string; by: string; state?: string; reason?: string };

export type Case = {
  id: string;
  reference: string;
  state: string;
  version: number;
  organisation: string;
  created_at: string;
  updated_at: string;
  submitted_at?: string;
  applicant: { created_by: string; organisation: string };
  application: Application;
  assessment?: Assessment;
  assessment_version?: number;
  risk?: Risk;
  flags?: { kind: string; detail: string; at: string }[];
  screening?: { at: string; hits: ScreeningHit[]; lists: string[]; performed: boolean };
  assignee?: string;
  assigned_to?: string;
  recommendation?: Verdict;
  decision?: Verdict;
  history: HistoryEntry[];
  open_requests: { id: string; due: string }[];
  licence?: { id: string };
};

export type InformationRequest = {
  id: string;
  question: string;
  due: string;
  state: string;
  answer?: string;
  asked_by?: string;
  created_at: string;
  answered_at?: string;
};

export type Note = { id: string; text: string; type: string; outcome?: string; created_by?: string; created_at: string };

export type DocumentRecord = { id: string; filename: string; content_type: string; size: number; created_at: string; created_by?: string };

export type AuditItem = {
  sequence: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  subject_kind: string;
  subject_id: string;
  detail?: unknown;
};

export type Reason = { code: string; title: string };

export type Verdict = { outcome: string; by?: string; at?: string; reasons?: string[]; conditions?: string[]; explanation?: string };
