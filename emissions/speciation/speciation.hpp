#pragma once
// Chemical speciation: inventory species (NOx, NMVOC, PM2.5, ...) to model species by
// per-sector split tables (the SMOKE GSPRO idea; Houyoux et al., 2000, J. Geophys. Res.
// 105(D7) 9079-9090, doi:10.1029/1999JD900975). MEIC's NOx split NO 0.9 / NO2 0.1 by mole
// (Li et al., 2017, doi:10.5194/acp-17-935-2017).
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lantian::emis {

/// One split: `factor` units of `output` per base unit of the input species: [mol g-1] or
/// [g g-1] for mass-based inputs, [mol mol-1] for mole-based ones (mechanism species).
struct Split {
  std::string output;
  double factor = 0.0;
  std::string path;  ///< the table it was read from, for messages
  long line = 0;     ///< its line there
};

class SpeciationTable {
 public:
  /// Reads CSV rows `sector,input,output,factor` ('#' comments; sector '*' for any sector;
  /// later rows and files add to earlier ones). Throws naming file and line.
  void read(const std::string& path);
  /// Splits for (sector, species); the sector's own rows, else the '*' rows. Throws naming
  /// `where` when the table knows neither. Species match case-insensitively, '.' ignored.
  const std::vector<Split>& splits(const std::string& sector, const std::string& species,
                                   const std::string& where) const;
  bool knows(const std::string& sector, const std::string& species) const;
  /// Every input species the tables split, as keys (any sector).
  std::set<std::string> input_keys() const;
  static std::string key(const std::string& species);

 private:
  std::map<std::pair<std::string, std::string>, std::vector<Split>> rows_;  // (sector, KEY)
  std::vector<std::string> files_;
};

}  // namespace lantian::emis
