#include "store/backup.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/file_io.hpp"
#include "store/internal/dump.hpp"
#include "store/migrations.hpp"

namespace echri::store {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kFormat = "echri-backup";
constexpr std::size_t kPage = 500;
constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
// The first backup format with the exchange logs' lines and their counts in the end line.
constexpr std::int64_t kLogsFormatVersion = 3;

std::string errno_text() {
  return std::strerror(errno);
}

// A file being written: buffered, synced on finish, removed unless finished.
class BackupFile {
 public:
  explicit BackupFile(std::filesystem::path path) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  }
  ~BackupFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!finished_) {
      std::error_code ignored;
      std::filesystem::remove(path_, ignored);
    }
  }
  BackupFile(const BackupFile&) = delete;
  BackupFile& operator=(const BackupFile&) = delete;

  [[nodiscard]] bool opened() const { return fd_ >= 0; }

  Result<void> line(const ordered_json& json) {
    buffer_ += json.dump();
    buffer_ += '\n';
    if (buffer_.size() >= kFlushBytes) return flush();
    return {};
  }

  Result<void> finish() {
    if (auto flushed = flush(); !flushed) return flushed;
    if (::fsync(fd_) != 0)
      return fail(ErrorKind::io, "cannot sync: " + errno_text(), path_.string());
    if (::close(fd_) != 0) {
      fd_ = -1;
      return fail(ErrorKind::io, "cannot close: " + errno_text(), path_.string());
    }
    fd_ = -1;
    finished_ = true;
    return {};
  }

  // Starts the file over: a snapshot that is retried writes everything again.
  Result<void> restart() {
    buffer_.clear();
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0)
      return fail(ErrorKind::io, "cannot truncate: " + errno_text(), path_.string());
    return {};
  }

 private:
  Result<void> flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
      const auto written = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (written < 0) {
        if (errno == EINTR) continue;
        return fail(ErrorKind::io, "cannot write: " + errno_text(), path_.string());
      }
      done += static_cast<std::size_t>(written);
    }
    buffer_.clear();
    return {};
  }

  std::filesystem::path path_;
  int fd_ = -1;
  bool finished_ = false;
  std::string buffer_;
};

std::string to_base64(std::string_view bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &size, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(size);
  return out;
}

ordered_json record_json(const Record& record) {
  return {{"type", "record"},
          {"kind", record.kind},
          {"id", record.id},
          {"organisation", record.organisation},
          {"parent", record.parent},
          {"state", record.state},
          {"risk", record.risk},
          {"body", record.body},
          {"version", record.version},
          {"created_at", record.created_at},
          {"updated_at", record.updated_at}};
}

ordered_json audit_json(const AuditRecord& record) {
  return {{"type", "audit"},
          {"sequence", record.sequence},
          {"at", record.at},
          {"actor", record.draft.actor},
          {"role", record.draft.role},
          {"token_id", record.draft.token_id},
          {"action", record.draft.action},
          {"subject_kind", record.draft.subject_kind},
          {"subject_id", record.draft.subject_id},
          {"before_digest", record.draft.before_digest},
          {"after_digest", record.draft.after_digest},
          {"detail", record.draft.detail},
          {"previous_hash", record.previous_hash},
          {"hash", record.hash},
          {"format", record.format}};
}

// Pages through one table in key order; `emit` writes a row and returns its key for the next page.
template <class Fetch, class Emit>
Result<void> pages(Fetch&& fetch, Emit&& emit) {
  for (;;) {
    auto page = fetch();
    if (!page) return tl::unexpected(page.error());
    for (const auto& row : *page)
      if (auto written = emit(row); !written) return written;
    if (page->size() < kPage) return {};
  }
}

Result<void> dump(DumpReader& reader, BackupFile& out, BackupSummary& summary) {
  std::string kind;
  std::string id;
  auto records = pages([&] { return reader.records_after(kind, id, kPage); },
                       [&](const Record& record) {
                         kind = record.kind;
                         id = record.id;
                         ++summary.records;
                         return out.line(record_json(record));
                       });
  if (!records) return records;

  auto counters = reader.counters();
  if (!counters) return tl::unexpected(counters.error());
  for (const auto& counter : *counters) {
    ++summary.counters;
    if (auto written =
            out.line({{"type", "counter"}, {"name", counter.name}, {"value", counter.value}});
        !written)
      return written;
  }

  std::string sha;
  auto documents =
      pages([&] { return reader.documents_after(sha, kPage); },
            [&](const StoredDocument& stored) {
              sha = stored.document.sha256;
              ++summary.documents;
              return out.line({{"type", "document"},
                               {"sha256", stored.document.sha256},
                               {"content_type", stored.document.content_type},
                               {"created_at", stored.created_at},
                               {"content_base64", to_base64(stored.document.content)}});
            });
  if (!documents) return documents;

  std::string log;
  std::int64_t idx = -1;
  auto entries = pages([&] { return reader.log_entries_after(log, idx, kPage); },
                       [&](const LogEntryRow& row) {
                         log = row.log;
                         idx = row.idx;
                         ++summary.log_entries;
                         return out.line({{"type", "log_entry"},
                                          {"log", row.log},
                                          {"idx", row.idx},
                                          {"entry_base64", to_base64(row.entry)}});
                       });
  if (!entries) return entries;

  log.clear();
  idx = -1;
  auto hashes =
      pages([&] { return reader.log_hashes_after(log, idx, kPage); },
            [&](const LogHashRow& row) {
              log = row.log;
              idx = row.idx;
              ++summary.log_hashes;
              return out.line(
                  {{"type", "log_hash"}, {"log", row.log}, {"idx", row.idx}, {"hash", row.hash}});
            });
  if (!hashes) return hashes;

  std::int64_t sequence = 0;
  auto audit = pages([&] { return reader.audit_after(sequence, kPage); },
                     [&](const AuditRecord& record) {
                       sequence = record.sequence;
                       ++summary.audit_records;
                       return out.line(audit_json(record));
                     });
  if (!audit) return audit;

  auto head = reader.head();
  if (!head) return tl::unexpected(head.error());
  if (auto written =
          out.line({{"type", "head"}, {"sequence", head->sequence}, {"hash", head->hash}});
      !written)
    return written;
  return out.line({{"type", "end"},
                   {"records", summary.records},
                   {"counters", summary.counters},
                   {"documents", summary.documents},
                   {"audit", summary.audit_records},
                   {"log_entries", summary.log_entries},
                   {"log_hashes", summary.log_hashes}});
}

Dumpable* dumpable(Store& store) {
  return dynamic_cast<Dumpable*>(&store);
}

Error no_dump(Store& store) {
  return Error{ErrorKind::internal, "this store cannot be dumped", store.describe()};
}

// ---- restore ----

// A malformed line is raised as a Failure while loading and reported as file:line.
[[noreturn]] void bad_line(std::string message) {
  raise(ErrorKind::invalid_input, std::move(message));
}

std::string text(const ordered_json& json, const char* key) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_string())
    bad_line(std::string("field '") + key + "' must be a string");
  return found->get<std::string>();
}

std::int64_t integer(const ordered_json& json, const char* key) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_number_integer())
    bad_line(std::string("field '") + key + "' must be an integer");
  return found->get<std::int64_t>();
}

double number(const ordered_json& json, const char* key) {
  const auto found = json.find(key);
  if (found == json.end() || !found->is_number())
    bad_line(std::string("field '") + key + "' must be a number");
  return found->get<double>();
}

class Loader {
 public:
  Loader(DumpWriter& writer, std::string file) : writer_(writer), file_(std::move(file)) {}

  Result<void> load(std::istream& in) {
    std::string line;
    std::size_t number = 0;
    try {
      while (std::getline(in, line)) {
        ++number;
        if (line.empty()) continue;
        if (ended_) bad_line("data after the end line");
        auto json = ordered_json::parse(line, nullptr, false);
        if (json.is_discarded() || !json.is_object()) bad_line("not a JSON object");
        if (number == 1) {
          header(json);
          continue;
        }
        if (auto loaded = row(json); !loaded) {
          auto error = loaded.error();
          if (error.where.empty()) error.where = file_ + ":" + std::to_string(number);
          return tl::unexpected(error);
        }
      }
    } catch (Failure& bad) {
      if (bad.error.where.empty()) bad.error.where = file_ + ":" + std::to_string(number);
      return tl::unexpected(std::move(bad.error));
    }
    if (number == 0) return fail(ErrorKind::invalid_input, "the backup is empty", file_);
    if (!ended_)
      return fail(ErrorKind::invalid_input,
                  "the backup is truncated: no end line after line " + std::to_string(number),
                  file_);
    return check_logs();
  }

  [[nodiscard]] const BackupSummary& summary() const { return summary_; }

 private:
  void header(const ordered_json& json) {
    if (json.value("format", "") != kFormat)
      bad_line("not an echri backup (no \"format\": \"echri-backup\" header)");
    format_version_ = integer(json, "format_version");
    if (format_version_ < 1 || format_version_ > kBackupFormatVersion)
      bad_line("backup format version " + std::to_string(format_version_) +
               " is not supported (this echri reads versions 1 to " +
               std::to_string(kBackupFormatVersion) + ")");
    summary_.schema_version = static_cast<int>(integer(json, "schema_version"));
    if (summary_.schema_version > latest_schema_version())
      bad_line("the backup is of schema version " + std::to_string(summary_.schema_version) +
               ", newer than this echri (" + std::to_string(latest_schema_version()) + ")");
  }

  Result<void> row(const ordered_json& json) {
    const auto type = text(json, "type");
    if (type == "record") {
      Record record;
      record.kind = text(json, "kind");
      record.id = text(json, "id");
      record.organisation = text(json, "organisation");
      record.parent = text(json, "parent");
      record.state = text(json, "state");
      record.risk = number(json, "risk");
      record.body = text(json, "body");
      record.version = integer(json, "version");
      record.created_at = text(json, "created_at");
      record.updated_at = text(json, "updated_at");
      ++summary_.records;
      return writer_.put_record(record);
    }
    if (type == "counter") {
      ++summary_.counters;
      return writer_.put_counter({text(json, "name"), integer(json, "value")});
    }
    if (type == "document") {
      auto content = from_base64(text(json, "content_base64"));
      if (!content) bad_line("content_base64 is not base64");
      ++summary_.documents;
      return writer_.put_document(
          {Document{text(json, "sha256"), text(json, "content_type"), std::move(*content)},
           text(json, "created_at")});
    }
    if (type == "log_entry") {
      const auto log = log_line(json, type);
      auto entry = from_base64(text(json, "entry_base64"));
      if (!entry) bad_line("entry_base64 is not base64");
      auto& extent = logs_[log];
      const auto idx = next_index(json, log, "entry", extent.entries);
      ++summary_.log_entries;
      return writer_.put_log_entry({log, idx, std::move(*entry)});
    }
    if (type == "log_hash") {
      const auto log = log_line(json, type);
      auto& extent = logs_[log];
      const auto idx = next_index(json, log, "hash", extent.hashes);
      ++summary_.log_hashes;
      return writer_.put_log_hash({log, idx, text(json, "hash")});
    }
    if (type == "audit") {
      AuditRecord record;
      record.sequence = integer(json, "sequence");
      record.at = text(json, "at");
      record.draft.actor = text(json, "actor");
      record.draft.role = text(json, "role");
      // Format-1 backups predate token ids: their audit records are all of format 1.
      if (format_version_ >= 2) record.draft.token_id = text(json, "token_id");
      record.draft.action = text(json, "action");
      record.draft.subject_kind = text(json, "subject_kind");
      record.draft.subject_id = text(json, "subject_id");
      record.draft.before_digest = text(json, "before_digest");
      record.draft.after_digest = text(json, "after_digest");
      record.draft.detail = text(json, "detail");
      record.previous_hash = text(json, "previous_hash");
      record.hash = text(json, "hash");
      record.format = format_version_ >= 2 ? static_cast<int>(integer(json, "format")) : 1;
      verifier_.add(record);
      ++summary_.audit_records;
      return writer_.put_audit(record);
    }
    if (type == "head") {
      const AuditHead head{integer(json, "sequence"), text(json, "hash")};
      auto verdict = verifier_.finish(head);
      if (!verdict.intact)
        return fail(ErrorKind::invalid_input,
                    "the backup's audit chain does not verify: " + verdict.problem);
      have_head_ = true;
      return writer_.set_head(head);
    }
    if (type == "end") {
      if (!have_head_) bad_line("end line before the audit head");
      const bool counts_match =
          integer(json, "records") == static_cast<std::int64_t>(summary_.records) &&
          integer(json, "counters") == static_cast<std::int64_t>(summary_.counters) &&
          integer(json, "documents") == static_cast<std::int64_t>(summary_.documents) &&
          integer(json, "audit") == static_cast<std::int64_t>(summary_.audit_records) &&
          (format_version_ < kLogsFormatVersion ||
           (integer(json, "log_entries") == static_cast<std::int64_t>(summary_.log_entries) &&
            integer(json, "log_hashes") == static_cast<std::int64_t>(summary_.log_hashes)));
      if (!counts_match) bad_line("the counts in the end line do not match the rows read");
      ended_ = true;
      return {};
    }
    bad_line("unknown line type '" + type + "'");
  }

  // The log a log_entry or log_hash line names. Older formats have no such lines, and their end
  // line could not count them, so one there is refused rather than trusted.
  std::string log_line(const ordered_json& json, const std::string& type) const {
    if (format_version_ < kLogsFormatVersion)
      bad_line("line type '" + type + "' is not in backup format " +
               std::to_string(format_version_) + " (exchange logs are backed up from format " +
               std::to_string(kLogsFormatVersion) + ")");
    return text(json, "log");
  }

  // The store reads a log's extent as its largest index + 1, so a gap or a repeat would make
  // that count wrong: each log's rows must come as the backup writes them, from 0 up.
  static std::int64_t next_index(const ordered_json& json, const std::string& log, const char* what,
                                 std::uint64_t& count) {
    const auto idx = integer(json, "idx");
    if (idx != static_cast<std::int64_t>(count))
      bad_line("exchange log '" + log + "' " + what + " " + std::to_string(idx) +
               " is out of order: " + what + " " + std::to_string(count) +
               " is next (a log's rows come in order from 0)");
    ++count;
    return idx;
  }

  // Each leaf of a log's Merkle tree stores its own hash and one per subtree it completes: n
  // entries have 2n - popcount(n) stored hashes (exchange/merkle.hpp's stored_hash_count, which
  // store/ may not include). Anything else is a log the node would fail on when it next checks it.
  Result<void> check_logs() const {
    for (const auto& [log, extent] : logs_) {
      const auto wanted =
          2 * extent.entries - static_cast<std::uint64_t>(std::popcount(extent.entries));
      if (extent.hashes != wanted)
        return fail(ErrorKind::invalid_input,
                    "exchange log '" + log + "' has " + std::to_string(extent.entries) +
                        " entries and " + std::to_string(extent.hashes) +
                        " stored hashes: its entries need " + std::to_string(wanted),
                    file_);
    }
    return {};
  }

  DumpWriter& writer_;
  std::string file_;
  BackupSummary summary_;
  ChainVerifier verifier_;
  std::map<std::string, LogExtent> logs_;  // what was read of each exchange log
  std::int64_t format_version_ = kBackupFormatVersion;
  bool have_head_ = false;
  bool ended_ = false;
};

}  // namespace

Result<BackupSummary> backup_store(Store& store, const std::filesystem::path& file) {
  auto* source = dumpable(store);
  if (source == nullptr) return tl::unexpected(no_dump(store));
  auto version = store.schema_version();
  if (!version) return tl::unexpected(version.error());

  const auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  std::error_code code;
  std::filesystem::create_directories(dir, code);
  if (code) return fail(ErrorKind::io, "cannot create the folder: " + code.message(), dir.string());
  const auto temp = core::temporary_sibling(file);
  BackupFile out(temp);
  if (!out.opened()) return fail(ErrorKind::io, "cannot create: " + errno_text(), temp.string());

  BackupSummary summary;
  Result<void> dumped;
  try {
    dumped = source->read_dump([&](DumpReader& reader) -> Result<void> {
      summary = BackupSummary{.schema_version = *version};
      if (auto restarted = out.restart(); !restarted) return restarted;
      auto header = out.line({{"format", kFormat},
                              {"format_version", kBackupFormatVersion},
                              {"schema_version", *version},
                              {"backend", store.backend()},
                              {"created_at", core::utc_timestamp()}});
      if (!header) return header;
      return dump(reader, out, summary);
    });
  } catch (const nlohmann::json::exception& e) {
    // Text columns that are not UTF-8 cannot be written as JSON; better no backup than a lossy one.
    return fail(ErrorKind::invalid_input, std::string("cannot write the backup: ") + e.what(),
                store.describe());
  }
  if (!dumped) return tl::unexpected(dumped.error());
  if (auto finished = out.finish(); !finished) return tl::unexpected(finished.error());
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    auto error =
        fail(ErrorKind::io, "cannot rename the backup into place: " + errno_text(), file.string());
    std::filesystem::remove(temp, code);
    return error;
  }
  core::sync_directory(dir);
  return summary;
}

Result<RestoreSummary> restore_store(Store& store, const std::filesystem::path& file) {
  auto* target = dumpable(store);
  if (target == nullptr) return tl::unexpected(no_dump(store));
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(ErrorKind::not_found, "cannot open the backup", file.string());

  RestoreSummary summary;
  auto loaded = target->write_dump([&](DumpWriter& writer) -> Result<void> {
    in.clear();
    in.seekg(0);
    auto empty = writer.empty();
    if (!empty) return tl::unexpected(empty.error());
    if (!*empty)
      return fail(ErrorKind::conflict,
                  "the database is not empty: restore only into a new database", store.describe());
    Loader loader(writer, file.string());
    if (auto done = loader.load(in); !done) return done;
    summary.restored = loader.summary();
    // The records must match the chain as well: verified here, before the commit, from the rows
    // just written, so that a file whose records were edited restores nothing either.
    ECHRI_ASSIGN_OR_RETURN(summary.audit, verify_snapshot(writer.reader(), {}));
    if (!summary.audit.intact)
      return fail(
          ErrorKind::invalid_input,
          "the backup does not verify: " + summary.audit.problem +
              (summary.audit.problem_count > 1
                   ? " (and " + std::to_string(summary.audit.problem_count - 1) + " more problems)"
                   : std::string()),
          file.string());
    return {};
  });
  if (!loaded) return tl::unexpected(loaded.error());
  return summary;
}

}  // namespace echri::store
