#include "exchange/node_keys.hpp"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>

#include "core/country.hpp"
#include "core/text_util.hpp"
#include "exchange/cosignature.hpp"

namespace echri::exchange {
namespace {

Result<void> check_state(std::string_view state) {
  if (state.size() != 2 || !core::country_by_code(state))
    return fail(ErrorKind::invalid_input,
                "'" + std::string(state) + "' is not a state code (ISO 3166-1 alpha-2, XK)",
                "state");
  return {};
}

}  // namespace

Result<NodeKeys> generate_node_keys(std::string_view origin, std::string_view state) {
  ECHRI_TRY(check_state(state));
  ECHRI_TRY(check_key_name(origin));
  ECHRI_ASSIGN_OR_RETURN(auto log, Ed25519Signer::generate(origin));
  ECHRI_ASSIGN_OR_RETURN(auto witness, Ed25519Signer::generate(std::string(origin) + "/witness"));
  ECHRI_ASSIGN_OR_RETURN(auto encryption, EncryptionKeyPair::generate());
  return NodeKeys{std::string(state), std::move(log), std::move(witness), std::move(encryption)};
}

namespace {

using Fields = std::map<std::string, std::pair<std::string, std::size_t>, std::less<>>;

// "name value" lines (blank lines and # comments skipped) with the names allowed, each once.
Result<Fields> read_fields(std::string_view text, std::string_view where,
                           std::initializer_list<std::string_view> names) {
  Fields fields;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const auto end = std::min(text.find('\n', start), text.size());
    const auto line = core::trim(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (line.empty() || line.starts_with('#')) continue;
    const auto space = line.find(' ');
    const auto at = std::string(where) + ":" + std::to_string(number);
    if (space == std::string_view::npos)
      return fail(ErrorKind::invalid_input, "expected 'NAME VALUE'", at);
    const auto name = std::string(line.substr(0, space));
    if (std::find(names.begin(), names.end(), name) == names.end())
      return fail(ErrorKind::invalid_input, "unknown key '" + name + "'", at);
    if (!fields.emplace(name, std::pair{std::string(core::trim(line.substr(space + 1))), number})
             .second)
      return fail(ErrorKind::invalid_input, "'" + name + "' given twice", at);
  }
  for (const auto name : names)
    if (!fields.contains(name))
      return fail(ErrorKind::invalid_input, "no '" + std::string(name) + "' line",
                  std::string(where));
  return fields;
}

}  // namespace

Result<NodeKeys> parse_node_keys(std::string_view text, std::string_view where) {
  ECHRI_ASSIGN_OR_RETURN(auto fields,
                         read_fields(text, where, {"state", "log", "witness", "encryption"}));
  const auto located = [&](std::string_view name, Error error) {
    error.where = std::string(where) + ":" + std::to_string(fields.find(name)->second.second);
    return tl::unexpected<Error>(std::move(error));
  };
  if (auto ok = check_state(fields["state"].first); !ok) return located("state", ok.error());
  auto log = Ed25519Signer::parse(fields["log"].first);
  if (!log) return located("log", log.error());
  auto witness = Ed25519Signer::parse(fields["witness"].first);
  if (!witness) return located("witness", witness.error());
  auto encryption = EncryptionKeyPair::parse(fields["encryption"].first);
  if (!encryption) return located("encryption", encryption.error());
  return NodeKeys{fields["state"].first, std::move(*log), std::move(*witness),
                  std::move(*encryption)};
}

Result<PublicNodeKeys> parse_public_node_keys(std::string_view text, std::string_view where) {
  ECHRI_ASSIGN_OR_RETURN(
      auto fields, read_fields(text, where, {"origin", "state", "log", "witness", "encryption"}));
  const auto located = [&](std::string_view name, std::string message) {
    return fail(ErrorKind::invalid_input, std::move(message),
                std::string(where) + ":" + std::to_string(fields.find(name)->second.second));
  };
  PublicNodeKeys keys{fields["origin"].first, fields["state"].first, fields["log"].first,
                      fields["witness"].first, fields["encryption"].first};
  if (auto ok = check_state(keys.state); !ok) return located("state", ok.error().message);
  auto log = Ed25519Verifier::parse(keys.log);
  if (!log) return located("log", log.error().message);
  if (log->name() != keys.origin)
    return located(
        "log", "the log key is named '" + log->name() + "', not the origin '" + keys.origin + "'");
  if (auto witness = CosignatureVerifier::parse(keys.witness); !witness)
    return located("witness", witness.error().message);
  if (auto encryption = parse_encryption_key(keys.encryption); !encryption)
    return located("encryption", encryption.error().message);
  return keys;
}

std::string format_node_keys(const NodeKeys& keys) {
  return "# echri exchange keys of " + keys.origin() + ": private, keep this file to its owner\n" +
         "state " + keys.state + "\n" + "log " + keys.log.private_key() + "\n" + "witness " +
         keys.witness.private_key() + "\n" + "encryption " + keys.encryption.secret_key() + "\n";
}

std::string public_node_keys(const NodeKeys& keys) {
  return "origin " + keys.origin() + "\n" + "state " + keys.state + "\n" + "log " +
         keys.log.verifier_key() + "\n" + "witness " +
         CosignatureSigner(keys.witness).verifier().verifier_key() + "\n" + "encryption " +
         keys.encryption.public_key_text() + "\n";
}

}  // namespace echri::exchange
