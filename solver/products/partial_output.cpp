#include "solver/products/partial_output.hpp"

#include <netcdf>

#include <filesystem>

#include "solver/core/error.hpp"
#include "solver/core/log.hpp"

namespace lantian::products {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// An unfinished file of the run that will become `path`: "<name>.part" or "<name>.<tag>.part".
std::string unfinished_beside(const fs::path& path) {
  const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const std::string name = path.filename().string();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return {};
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string f = e.path().filename().string();
    if (f.size() > name.size() && f.compare(0, name.size() + 1, name + ".") == 0 && ends_with(f, ".part"))
      return (path.parent_path() / f).string();
  }
  return {};
}

}  // namespace

OutputStatus output_status(const std::string& path) {
  OutputStatus st;
  if (!fs::exists(path)) {
    const std::string part = unfinished_beside(path);
    if (!part.empty())
      throw Error::in_file(path, "no such file; " + part +
                                     " exists: the run has not finished (pass that file with "
                                     "--allow-partial to make products from the hours written so far)");
    throw Error::in_file(path, "no such file");
  }
  if (ends_with(fs::path(path).filename().string(), ".part")) {
    st.partial = true;
    st.reason = "its name ends in .part (a run still writing or one that stopped)";
  }
  std::string status;
  try {
    netCDF::NcFile nc(path, netCDF::NcFile::read);
    const auto atts = nc.getAtts();
    const auto it = atts.find("run_status");
    if (it != atts.end()) {
      it->second.getValues(status);
      while (!status.empty() && status.back() == '\0') status.pop_back();
    }
  } catch (const netCDF::exceptions::NcException& e) {
    throw Error::in_file(path, std::string("not a readable NetCDF file: ") + e.what());
  }
  if (!status.empty() && status != "complete") {
    st.reason +=
        std::string(st.partial ? "; " : "") + "its global attribute run_status is '" + status + "', not 'complete'";
    st.partial = true;
  }
  return st;
}

std::string require_complete(const std::string& path, bool allow_partial, const std::string& command) {
  const OutputStatus st = output_status(path);
  if (!st.partial) return {};
  if (!allow_partial)
    throw Error::in_file(path, "partial model output: " + st.reason + ". " + command +
                                   " refuses an unfinished run; pass --allow-partial to make products from it anyway "
                                   "(they are marked as partial)");
  log::warn(path + ": partial model output (" + st.reason + "); --allow-partial: the products are marked as partial");
  return path + " (" + st.reason + ")";
}

std::string partial_mark(const std::vector<std::string>& notes) {
  std::string m;
  for (const auto& n : notes)
    if (!n.empty()) m += (m.empty() ? "" : "; ") + n;
  return m.empty() ? m : "PARTIAL INPUT: " + m;
}

}  // namespace lantian::products
