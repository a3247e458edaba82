#include "solver/core/text.hpp"

#include <iomanip>
#include <sstream>

#include <cctype>

#include "solver/core/error.hpp"

namespace lantian::text {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return {};
  const auto b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> split_csv(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;      // inside a quoted section
  bool was_quoted = false;  // the field had a quoted section: keep its spaces
  auto finish = [&] {
    out.push_back(was_quoted ? field : trim(field));
    field.clear();
    was_quoted = false;
  };
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      if (!was_quoted) field = trim(field);  // spaces before the opening quote
      quoted = was_quoted = true;
    } else if (c == sep) {
      finish();
    } else if (c == '\r' && i + 1 == line.size()) {
      // CRLF line ending
    } else if (!(was_quoted && (c == ' ' || c == '\t'))) {
      field.push_back(c);
    }
  }
  if (quoted) throw Error("CSV: unterminated quote in '" + line + "'");
  finish();
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::string exact(double x) {
  std::ostringstream os;
  os << std::setprecision(17) << x;
  return os.str();
}

std::string units_key(const std::string& units) {
  std::string o;
  for (char c : units)
    if (c != ' ' && c != '/' && c != '^') o.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  const std::string micro = "\xc2\xb5";
  for (auto p = o.find(micro); p != std::string::npos; p = o.find(micro)) o.replace(p, micro.size(), "u");
  return o;
}

}  // namespace lantian::text
