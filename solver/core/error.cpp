#include "solver/core/error.hpp"

#include <sstream>

namespace lantian {

Error Error::in_file(const std::string& file, const std::string& what, const std::string& variable, long line,
                     const std::string& time) {
  std::ostringstream msg;
  msg << file;
  if (line > 0) msg << ':' << line;
  msg << ": ";
  if (!variable.empty()) msg << '\'' << variable << "': ";
  msg << what;
  if (!time.empty()) msg << " (at time " << time << ')';
  return Error(msg.str());
}

Error Error::with_context(const std::string& context) const {
  Error e(*this);
  e.context_.push_back(context);
  return e;
}

std::string Error::full_message() const {
  std::string msg = what();
  for (const auto& c : context_) msg += "\n  while " + c;
  return msg;
}

}  // namespace lantian
