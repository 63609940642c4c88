#include "cases/case_files.hpp"

#include <algorithm>

#include "assessment/application_json.hpp"
#include "cases/internal/case_assessment.hpp"
#include "cases/internal/case_records.hpp"
#include "cases/internal/case_steps.hpp"
#include "core/calendar.hpp"
#include "core/digest.hpp"
#include "core/file_io.hpp"
#include "core/text_util.hpp"

namespace echri::cases {
namespace {

using nlohmann::json;
using namespace detail;  // NOLINT(google-build-using-namespace): this module's own helpers

// What is legal to upload: the declared type must agree with the bytes' signature.
void check_document(const DocumentUpload& upload) {
  if (upload.content.empty()) raise(ErrorKind::invalid_input, "the document is empty", "content");
  if (upload.content.size() > kMaxDocumentBytes)
    raise(ErrorKind::invalid_input,
          "the document has " + std::to_string(upload.content.size()) + " bytes; at most " +
              std::to_string(kMaxDocumentBytes) + " are accepted",
          "content");
  // The name goes back out in a header and in audit details: no separators, no control
  // characters, UTF-8.
  const bool control = std::any_of(upload.filename.begin(), upload.filename.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (upload.filename.empty() || upload.filename.size() > 255 ||
      upload.filename.find_first_of("/\\") != std::string::npos || control ||
      !core::is_valid_utf8(upload.filename))
    raise(ErrorKind::invalid_input,
          "a file name of 1-255 bytes of UTF-8 without path separators or control characters",
          "filename");
  const auto starts = [&](std::string_view magic) {
    return upload.content.compare(0, magic.size(), magic) == 0;
  };
  const auto& type = upload.content_type;
  bool agrees = false;
  if (type == "application/pdf")
    agrees = starts("%PDF-");
  else if (type == "image/png")
    agrees = starts("\x89PNG\r\n\x1a\n");
  else if (type == "image/jpeg")
    agrees = starts("\xff\xd8\xff");
  else if (type == "text/plain" || type == "text/csv" || type == "application/json")
    agrees = upload.content.find('\0') == std::string::npos;
  else
    raise(ErrorKind::invalid_input,
          "content type '" + type +
              "' is not accepted (application/pdf, image/png, image/jpeg, text/plain, text/csv, "
              "application/json)",
          "content_type");
  if (!agrees)
    raise(ErrorKind::invalid_input, "the bytes are not " + type + " as declared", "content_type");
}

}  // namespace

CaseFiles::CaseFiles(store::Store& store, std::function<std::string()> now)
    : store_(store), now_(now ? std::move(now) : core::utc_timestamp) {}

Result<CaseView> CaseFiles::request_information(const Principal& actor,
                                                std::string_view application_id,
                                                std::string_view question,
                                                std::string_view due_date) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "request information");
      if (question.empty()) raise(ErrorKind::invalid_input, "the question is empty", "$.question");
      const auto now = now_();
      const std::string due =
          due_date.empty() ? date_after(now, kInformationDueDays) : std::string(due_date);
      if (!core::is_calendar_date(due))
        raise(ErrorKind::invalid_input, "expected a date YYYY-MM-DD, found '" + due + "'", "$.due");
      if (due < now.substr(0, 10))
        raise(ErrorKind::invalid_input, "the due date " + due + " has passed", "$.due");
      const auto before = load(tx, actor, kApplication, application_id);
      auto after = before;
      auto body = body_of(before);
      move(after, body, CaseAction::request_information, actor, now);
      const auto request_id = next_id(tx, "IR", now);
      body["open_requests"].push_back(json{{"id", request_id}, {"due", due}});
      after.body = body.dump();
      save(tx, actor, "application.request_information", before, after,
           json{{"request", request_id}});
      auto request = child_record(kInformationRequest, request_id, after, "open",
                                  json{{"application", after.id},
                                       {"question", std::string(question)},
                                       {"due", due},
                                       {"asked_by", actor.user},
                                       {"asked_at", now}});
      return view_of(actor, save(tx, actor, "information_request.create", std::nullopt, request));
    });
  });
}

Result<CaseView> CaseFiles::answer_information(const Principal& actor, std::string_view request_id,
                                               std::string_view answer) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      if (answer.empty()) raise(ErrorKind::invalid_input, "the answer is empty", "$.answer");
      const auto before = load(tx, actor, kInformationRequest, request_id);
      require_exporter_of(actor, before, "answer information requests");
      if (before.state != "open")
        raise(ErrorKind::conflict, "information request " + before.id + " is " + before.state);
      const auto now = now_();
      auto after = before;
      auto body = body_of(before);
      body["answer"] = std::string(answer);
      body["answered_by"] = actor.user;
      body["answered_at"] = now;
      after.state = "answered";
      after.body = body.dump();
      auto stored = save(tx, actor, "information_request.answer", before, after);

      const auto case_before = load(tx, actor, kApplication, before.parent);
      auto case_after = case_before;
      auto case_body = body_of(case_before);
      auto& open = case_body["open_requests"];
      open.erase(
          std::remove_if(open.begin(), open.end(),
                         [&](const json& entry) { return entry.value("id", "") == request_id; }),
          open.end());
      if (open.empty() && state_of(case_before) == CaseState::information_requested)
        move(case_after, case_body, CaseAction::information_complete, actor, now);
      mark_stale(case_body, "the exporter answered information request " + before.id, now);
      case_after.body = case_body.dump();
      save(tx, actor, "application.information_answered", case_before, case_after,
           json{{"request", std::string(request_id)}});
      return view_of(actor, std::move(stored));
    });
  });
}

Result<CasePage> CaseFiles::information_requests(const Principal& actor,
                                                 std::string_view application_id, Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CasePage> {
      return children(tx, actor, kInformationRequest, application_id, paging);
    });
  });
}

Result<CaseView> CaseFiles::add_note(const Principal& actor, std::string_view application_id,
                                     std::string_view text, bool advice,
                                     std::optional<Outcome> advised_outcome) {
  return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CaseView> {
      require_officer(actor, "write case notes or advice");
      if (text.empty()) raise(ErrorKind::invalid_input, "the note is empty", "$.text");
      if (advised_outcome && !advice)
        raise(ErrorKind::invalid_input, "only advice proposes an outcome", "$.outcome");
      const auto parent = load(tx, actor, kApplication, application_id);
      const auto now = now_();
      json body{{"application", parent.id},
                {"type", advice ? "advice" : "note"},
                {"text", std::string(text)},
                {"by", actor.user},
                {"at", now}};
      if (advised_outcome) body["outcome"] = std::string(to_string(*advised_outcome));
      auto note = child_record(kNote, next_id(tx, "NOTE", now), parent, "", body);
      return view_of(actor,
                     save(tx, actor, advice ? "advice.create" : "note.create", std::nullopt, note));
    });
  });
}

Result<CasePage> CaseFiles::notes(const Principal& actor, std::string_view application_id,
                                  Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CasePage> {
      if (!is_authority_staff(actor))
        raise(ErrorKind::forbidden, "case notes and advice are internal to the authority");
      return children(tx, actor, kNote, application_id, paging);
    });
  });
}

Result<CaseView> CaseFiles::add_document(const Principal& actor, std::string_view application_id,
                                         const DocumentUpload& upload) {
  return catch_failure([&]() -> Result<CaseView> {
    require_role(actor, {Role::exporter, Role::officer, Role::senior_officer}, "upload documents");
    check_document(upload);
    const auto sha = core::sha256_hex(upload.content);
    return write_returning<CaseView>(store_, [&](store::Transaction& tx) {
      return catch_failure([&]() -> Result<CaseView> {
        const auto parent = load(tx, actor, kApplication, application_id);
        value_or_raise(tx.put_document(store::Document{sha, upload.content_type, upload.content}));
        const auto now = now_();
        auto record = child_record(kDocument, next_id(tx, "DOC", now), parent, "",
                                   json{{"application", parent.id},
                                        {"sha256", sha},
                                        {"filename", upload.filename},
                                        {"content_type", upload.content_type},
                                        {"size", upload.content.size()},
                                        {"uploaded_by", actor.user},
                                        {"uploaded_by_role", std::string(to_string(actor.role))},
                                        {"uploaded_at", now}});
        if (actor.role == Role::exporter && parent.state != to_string(CaseState::draft)) {
          auto case_after = parent;
          auto case_body = body_of(parent);
          mark_stale(case_body, "the exporter uploaded document " + record.id, now);
          case_after.body = case_body.dump();
          if (case_after.body != parent.body)
            save(tx, actor, "application.information_added", parent, case_after,
                 json{{"document", record.id}});
        }
        return view_of(actor, save(tx, actor, "document.upload", std::nullopt, record));
      });
    });
  });
}

Result<CasePage> CaseFiles::documents(const Principal& actor, std::string_view application_id,
                                      Paging paging) {
  return read_returning<CasePage>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<CasePage> {
      return children(tx, actor, kDocument, application_id, paging);
    });
  });
}

Result<std::pair<CaseView, store::Document>> CaseFiles::document(const Principal& actor,
                                                                 std::string_view document_id) {
  using Found = std::pair<CaseView, store::Document>;
  return read_returning<Found>(store_, [&](store::Transaction& tx) {
    return catch_failure([&]() -> Result<Found> {
      auto record = load(tx, actor, kDocument, document_id);
      const auto body = body_of(record);
      auto bytes = value_or_raise(tx.document(body.value("sha256", "")));
      if (!bytes) raise(ErrorKind::internal, "document " + record.id + " has no stored bytes");
      return Found{view_of(actor, std::move(record)), std::move(*bytes)};
    });
  });
}

}  // namespace echri::cases
