#include "store/audit_chain.hpp"

#include <algorithm>
#include <charconv>

#include "core/digest.hpp"
#include "store/internal/dump.hpp"

namespace echri::store {
namespace {

// Changing an encoding means a new tag, so old chains stay verifiable by their own rules.
constexpr std::string_view kAuditTagV1 = "echri-audit-v1";
constexpr std::string_view kAuditTagV2 = "echri-audit-v2";
constexpr std::string_view kRecordTag = "echri-record-v1";
constexpr std::size_t kAuditPage = 2000;
constexpr std::size_t kRecordPage = 500;
constexpr std::size_t kSubjectPage = 2000;
constexpr std::size_t kDocumentPage = 16;

void field(core::Sha256& hash, std::string_view bytes) {
  hash.update(std::to_string(bytes.size())).update(":").update(bytes).update(";");
}

std::string seq(std::int64_t sequence) {
  return "record " + std::to_string(sequence);
}

std::string named(std::string_view kind, std::string_view id) {
  return std::string(kind) + " '" + std::string(id) + "'";
}

// The shortest decimal text that reads back as the same double: identical on every platform and
// for the value either database returns.
std::string decimal(double value) {
  char digits[32];
  const auto done = std::to_chars(digits, digits + sizeof digits, value);
  return std::string(digits, done.ptr);
}

}  // namespace

std::string record_hash(const AuditRecord& record) {
  if (record.format != 1 && record.format != 2) return {};
  core::Sha256 hash;
  field(hash, record.format == 1 ? kAuditTagV1 : kAuditTagV2);
  field(hash, std::to_string(record.sequence));
  field(hash, record.at);
  field(hash, record.draft.actor);
  field(hash, record.draft.role);
  if (record.format >= 2) field(hash, record.draft.token_id);
  field(hash, record.draft.action);
  field(hash, record.draft.subject_kind);
  field(hash, record.draft.subject_id);
  field(hash, record.draft.before_digest);
  field(hash, record.draft.after_digest);
  field(hash, record.draft.detail);
  field(hash, record.previous_hash);
  return hash.hex_digest();
}

std::string record_digest(const Record& record) {
  core::Sha256 hash;
  field(hash, kRecordTag);
  field(hash, record.kind);
  field(hash, record.id);
  field(hash, record.organisation);
  field(hash, record.parent);
  field(hash, record.state);
  field(hash, decimal(record.risk));
  field(hash, record.body);
  field(hash, std::to_string(record.version));
  field(hash, record.created_at);
  field(hash, record.updated_at);
  return hash.hex_digest();
}

std::string legacy_record_digest(const Record& record) {
  return record.body.empty() ? std::string() : core::sha256_hex(record.body);
}

Result<AuditHead> parse_audit_head(std::string_view text, std::string where) {
  const auto refuse = [&] {
    return fail(ErrorKind::invalid_input,
                "expected SEQUENCE:HASH (a record number, a colon and that record's "
                "64-character lower-case hex hash, as `echri audit verify` prints the head), "
                "not '" +
                    std::string(text) + "'",
                std::move(where));
  };
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 18) return refuse();
  const auto number = text.substr(0, colon);
  const auto hash = text.substr(colon + 1);
  AuditHead head;
  const auto parsed = std::from_chars(number.data(), number.data() + number.size(), head.sequence);
  if (parsed.ec != std::errc() || parsed.ptr != number.data() + number.size() ||
      head.sequence < 0 || hash.size() != kGenesisHash.size() || !core::is_lower_hex(hash))
    return refuse();
  head.hash = std::string(hash);
  return head;
}

ChainVerifier::ChainVerifier(std::optional<AuditHead> expected) : expected_(std::move(expected)) {}

void ChainVerifier::problem(std::int64_t sequence, std::string text) {
  result_.intact = false;
  result_.first_bad_sequence = sequence;
  result_.problem = std::move(text);
}

bool ChainVerifier::add(const AuditRecord& record) {
  if (!result_.intact) return false;
  const std::int64_t expected = last_sequence_ + 1;
  if (record.sequence > expected) {
    problem(expected, seq(expected) + " is missing: the chain jumps from " +
                          std::to_string(last_sequence_) + " to " +
                          std::to_string(record.sequence) + " (records removed)");
    return false;
  }
  if (record.sequence < expected) {
    problem(record.sequence, seq(record.sequence) + " appears out of order after " +
                                 seq(last_sequence_) + " (records reordered or duplicated)");
    return false;
  }
  if (record.previous_hash != last_hash_) {
    problem(
        record.sequence,
        seq(record.sequence) + " does not follow " +
            (last_sequence_ == 0 ? std::string("the start of the chain") : seq(last_sequence_)) +
            ": its previous_hash is not that record's hash (records removed, reordered or "
            "swapped)");
    return false;
  }
  if (record.format != 1 && record.format != 2) {
    problem(record.sequence, seq(record.sequence) + " was altered: its format " +
                                 std::to_string(record.format) + " is not 1 or 2");
    return false;
  }
  if (record_hash(record) != record.hash) {
    problem(record.sequence,
            seq(record.sequence) + " was altered: its hash does not match its content");
    return false;
  }
  // Format 1 predates token ids, and the store writes format 2 since: an old-format record
  // after a new one, or one with a token id, had its format changed.
  if (record.format == 1 && (!record.draft.token_id.empty() || last_format_ == 2)) {
    problem(record.sequence, seq(record.sequence) +
                                 " was altered: its format was changed to 1 (which covers no "
                                 "token id) after records of format 2");
    return false;
  }
  if (expected_ && record.sequence == expected_->sequence && record.hash != expected_->hash) {
    problem(record.sequence, seq(record.sequence) + " is not the record expected: its hash " +
                                 record.hash + " differs from the expected head's " +
                                 expected_->hash +
                                 " (the chain was rewritten at or before this record)");
    return false;
  }
  last_sequence_ = record.sequence;
  last_hash_ = record.hash;
  last_format_ = record.format;
  if (record.format == 1) last_legacy_sequence_ = record.sequence;
  ++result_.checked;
  return true;
}

AuditVerification ChainVerifier::finish(const AuditHead& head) {
  result_.head = head;
  if (!result_.intact) return result_;
  if (head.sequence > last_sequence_) {
    problem(last_sequence_ + 1, seq(last_sequence_ + 1) + " is missing: the head names " +
                                    seq(head.sequence) + " but the chain ends at " +
                                    std::to_string(last_sequence_) + " (records removed)");
  } else if (head.sequence < last_sequence_) {
    problem(head.sequence + 1, seq(head.sequence + 1) +
                                   " is not covered by the head, which names " +
                                   seq(head.sequence) + " (records added outside the store)");
  } else if (head.hash != last_hash_) {
    problem(head.sequence,
            "the head's hash does not match " +
                (head.sequence == 0 ? std::string("the empty chain") : seq(head.sequence)) +
                " (the head or the last record was altered)");
  } else if (expected_ && expected_->sequence > last_sequence_) {
    problem(last_sequence_ + 1, "the chain ends at " + seq(last_sequence_) +
                                    ", before the expected head " + seq(expected_->sequence) +
                                    " (records removed, or the chain rewritten)");
  } else if (expected_ && expected_->sequence == 0 && expected_->hash != kGenesisHash) {
    problem(0, "the expected head 0 must have the empty chain's hash (64 zeros)");
  }
  return result_;
}

AuditVerification verify_records(const std::vector<AuditRecord>& records, const AuditHead& head) {
  ChainVerifier verifier;
  for (const auto& record : records)
    if (!verifier.add(record)) break;
  return verifier.finish(head);
}

namespace {

// Collects problems in the order found, keeping at most kMaxAuditProblems.
class Findings {
 public:
  explicit Findings(AuditVerification& verdict) : verdict_(verdict) {}

  void add(std::int64_t sequence, std::string kind, std::string id, std::string text) {
    ++verdict_.problem_count;
    verdict_.intact = false;
    if (verdict_.problem.empty()) verdict_.problem = text;
    if (verdict_.problems.size() < kMaxAuditProblems)
      verdict_.problems.push_back({sequence, std::move(kind), std::move(id), std::move(text)});
  }

 private:
  AuditVerification& verdict_;
};

// Pages through rows in key order, one row at a time.
template <class Row, class Fetch>
class Cursor {
 public:
  Cursor(Fetch fetch, std::size_t page) : fetch_(std::move(fetch)), page_(page) {}

  // The current row, or nullptr at the end.
  Result<const Row*> peek() {
    if (at_ == rows_.size()) {
      if (done_) return nullptr;
      ECHRI_ASSIGN_OR_RETURN(rows_, fetch_(rows_.empty() ? nullptr : &rows_.back()));
      at_ = 0;
      done_ = rows_.size() < page_;
      if (rows_.empty()) return nullptr;
    }
    return &rows_[at_];
  }
  void next() { ++at_; }

 private:
  Fetch fetch_;
  std::size_t page_;
  std::vector<Row> rows_;
  std::size_t at_ = 0;
  bool done_ = false;
};

template <class Row, class Fetch>
Cursor<Row, Fetch> cursor(Fetch fetch, std::size_t page) {
  return Cursor<Row, Fetch>(std::move(fetch), page);
}

// The chain from its first record to the last one stored, against the head.
Result<ChainVerifier> verify_chain(DumpReader& reader, const AuditHead& head,
                                   const VerifyOptions& options, AuditVerification& verdict,
                                   Findings& findings) {
  ChainVerifier chain(options.expect_head);
  std::int64_t after = 0;
  for (bool more = true; more && chain.ok();) {
    ECHRI_ASSIGN_OR_RETURN(const auto page, reader.audit_after(after, kAuditPage));
    for (const auto& record : page)
      if (!chain.add(record)) break;
    more = page.size() == kAuditPage;
    if (!page.empty()) after = page.back().sequence;
  }
  const auto chained = chain.finish(head);
  verdict.checked = chained.checked;
  verdict.first_bad_sequence = chained.first_bad_sequence;
  if (!chained.intact) {
    // Name the subject of the record the problem is about, when that record exists.
    std::string kind;
    std::string id;
    std::string text = chained.problem;
    const auto bad = chained.first_bad_sequence.value_or(0);
    if (bad > 0) {
      ECHRI_ASSIGN_OR_RETURN(const auto found, reader.audit_after(bad - 1, 1));
      if (!found.empty() && found.front().sequence == bad) {
        kind = found.front().draft.subject_kind;
        id = found.front().draft.subject_id;
        text +=
            " [its subject: " + named(kind, id) + ", action '" + found.front().draft.action + "']";
      }
    }
    findings.add(bad, std::move(kind), std::move(id), std::move(text));
  }
  return chain;
}

// Every stored record against the newest audit record of its kind and id up to the head: two
// streams in the same (kind, id) order, merged.
Result<void> bind_records(DumpReader& reader, const AuditHead& head, const ChainVerifier& chain,
                          AuditVerification& verdict, Findings& findings) {
  auto records = cursor<Record>(
      [&reader](const Record* last) {
        return reader.records_after(last ? last->kind : "", last ? last->id : "", kRecordPage);
      },
      kRecordPage);
  auto subjects = cursor<SubjectDigest>(
      [&reader, &head](const SubjectDigest* last) {
        return reader.newest_audit_after(last ? last->kind : "", last ? last->id : "",
                                         head.sequence, kSubjectPage);
      },
      kSubjectPage);
  // Whether an audit record follows the format-1 rule: known from the walk up to where it went,
  // looked up beyond (a broken chain stops the walk early).
  const auto legacy = [&](std::int64_t sequence) -> Result<bool> {
    if (sequence <= chain.last_sequence()) return sequence <= chain.last_legacy_sequence();
    ECHRI_ASSIGN_OR_RETURN(const auto found, reader.audit_after(sequence - 1, 1));
    return !found.empty() && found.front().format == 1;
  };
  for (;;) {
    ECHRI_ASSIGN_OR_RETURN(const Record* record, records.peek());
    ECHRI_ASSIGN_OR_RETURN(const SubjectDigest* subject, subjects.peek());
    // A subject audited only after the head is as if never audited (the chain check reports
    // those records).
    if (subject != nullptr && subject->sequence == 0) {
      subjects.next();
      continue;
    }
    if (record == nullptr && subject == nullptr) return {};
    int order = 0;
    if (record == nullptr) {
      order = 1;
    } else if (subject == nullptr) {
      order = -1;
    } else {
      order = record->kind.compare(subject->kind);
      if (order == 0) order = record->id.compare(subject->id);
    }
    if (order < 0) {
      ++verdict.records_checked;
      findings.add(0, record->kind, record->id,
                   named(record->kind, record->id) +
                       " has no audit record: it was written outside the store");
      records.next();
      continue;
    }
    if (order > 0) {
      if (!subject->after_digest.empty())
        findings.add(subject->sequence, subject->kind, subject->id,
                     named(subject->kind, subject->id) + " is missing: " + seq(subject->sequence) +
                         ", its newest audit record, says it exists (removed outside the store)");
      subjects.next();
      continue;
    }
    ++verdict.records_checked;
    ECHRI_ASSIGN_OR_RETURN(const bool old_rule, legacy(subject->sequence));
    const auto digest = old_rule ? legacy_record_digest(*record) : record_digest(*record);
    if (digest != subject->after_digest)
      findings.add(subject->sequence, record->kind, record->id,
                   named(record->kind, record->id) + " does not match " + seq(subject->sequence) +
                       ", its newest audit record: it was changed outside the store");
    records.next();
    subjects.next();
  }
}

Result<void> verify_documents(DumpReader& reader, AuditVerification& verdict, Findings& findings) {
  auto documents = cursor<StoredDocument>(
      [&reader](const StoredDocument* last) {
        return reader.documents_after(last ? last->document.sha256 : "", kDocumentPage);
      },
      kDocumentPage);
  for (;;) {
    ECHRI_ASSIGN_OR_RETURN(const StoredDocument* stored, documents.peek());
    if (stored == nullptr) return {};
    ++verdict.documents_checked;
    const auto& document = stored->document;
    if (core::sha256_hex(document.content) != document.sha256)
      findings.add(0, "document", document.sha256,
                   "document " + document.sha256 +
                       " does not match its SHA-256: its bytes were changed outside the store");
    documents.next();
  }
}

}  // namespace

Result<AuditVerification> verify_snapshot(DumpReader& reader, const VerifyOptions& options) {
  AuditVerification verdict;
  Findings findings(verdict);
  ECHRI_ASSIGN_OR_RETURN(verdict.head, reader.head());
  ECHRI_ASSIGN_OR_RETURN(const auto chain,
                         verify_chain(reader, verdict.head, options, verdict, findings));
  ECHRI_TRY(bind_records(reader, verdict.head, chain, verdict, findings));
  ECHRI_TRY(verify_documents(reader, verdict, findings));
  return verdict;
}

Result<AuditVerification> verify_audit(Store& store, const VerifyOptions& options) {
  auto* source = dynamic_cast<Dumpable*>(&store);
  if (source == nullptr)
    return fail(ErrorKind::internal, "this store cannot be verified", store.describe());
  AuditVerification verdict;
  ECHRI_TRY(source->read_dump([&](DumpReader& reader) -> Result<void> {
    ECHRI_ASSIGN_OR_RETURN(verdict, verify_snapshot(reader, options));
    return {};
  }));
  return verdict;
}

}  // namespace echri::store
