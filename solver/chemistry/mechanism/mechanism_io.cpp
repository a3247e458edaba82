// The mechanism format by name, and read_mechanism: the format from the extension and the first
// lines, then that format's reader (mechanism_read_lantian.cpp, _cmaq.cpp, _kpp.cpp).
#include "solver/chemistry/mechanism/mechanism_io.hpp"

#include <filesystem>

#include "solver/chemistry/mechanism/mechanism_reader_common.hpp"
#include "solver/core/error.hpp"

namespace lantian::chem {

namespace fs = std::filesystem;

MechanismFormat parse_mechanism_format(const std::string& s) {
  if (s == "auto") return MechanismFormat::automatic;
  if (s == "lantian") return MechanismFormat::lantian;
  if (s == "cmaq") return MechanismFormat::cmaq;
  if (s == "kpp") return MechanismFormat::kpp;
  throw Error("unknown mechanism format '" + s + "' (auto, lantian, cmaq or kpp)");
}

Mechanism read_mechanism(const std::string& path, MechanismFormat fmt) {
  const fs::path p(path);
  if (!fs::exists(p)) throw Error::in_file(path, "mechanism file not found");
  const std::string ext = p.extension().string();
  std::string text;
  if (fmt == MechanismFormat::automatic) {
    text = detail::read_text(path);
    if (ext == ".eqn" || ext == ".spc") fmt = MechanismFormat::kpp;
    else if (text.find("REACTIONS[") != std::string::npos) fmt = MechanismFormat::cmaq;
    else if (text.find("#INCLUDE") != std::string::npos || text.find("#EQUATIONS") != std::string::npos)
      fmt = MechanismFormat::kpp;
    else fmt = MechanismFormat::lantian;
  }
  switch (fmt) {
    case MechanismFormat::lantian:
      if (text.empty()) text = detail::read_text(path);
      return parse_lantian(text, path);
    case MechanismFormat::cmaq: {
      if (text.empty()) text = detail::read_text(path);
      Mechanism m = parse_cmaq_def(text, path);
      detail::read_gc_namelist(m, p);
      return m;
    }
    case MechanismFormat::kpp: {
      const detail::KppFiles f = detail::kpp_files(p);
      Mechanism m = parse_kpp(detail::read_text(f.spc.string()), f.spc.string(), detail::read_text(f.eqn.string()),
                              f.eqn.string());
      m.source_file = path;
      return m;
    }
    default: break;
  }
  throw Error::in_file(path, "unknown mechanism format");
}

}  // namespace lantian::chem
