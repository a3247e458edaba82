#pragma once
// Text helpers shared by every reader: one CSV rule, trimming and case folding.
#include <string>
#include <vector>

namespace lantian::text {

/// Leading and trailing white space (space, tab, CR, LF) removed.
std::string trim(const std::string& s);
/// ASCII upper / lower case.
std::string upper(std::string s);
std::string lower(std::string s);

/// Splits one CSV record (RFC 4180): fields separated by `sep`; a field may be quoted with
/// double quotes, inside which `sep` is literal and "" stands for one quote. Each field is
/// trimmed (outside quotes); a trailing CR is ignored; an empty line gives one empty field.
/// Throws lantian::Error ("unterminated quote") when a quote is not closed.
std::vector<std::string> split_csv(const std::string& line, char sep = ',');

/// Splits on `sep` with no quoting and no trimming ("a,,b" -> {"a", "", "b"}).
std::vector<std::string> split(const std::string& s, char sep);
/// A units string in a form for comparison: blanks, '/' and '^' removed, lower case, "µ" (UTF-8)
/// read as "u" ("µg/m^3" and "ug m-3" both give "ugm3" and "ugm-3"; the caller lists both).
std::string units_key(const std::string& units);
/// A double as text that reads back to the same bits (17 significant digits).
std::string exact(double x);

}  // namespace lantian::text
