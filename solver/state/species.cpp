#include "solver/state/species.hpp"

#include "solver/core/error.hpp"

namespace lantian::state {

void SpeciesList::add(SpeciesInfo s) {
  if (find(s.name) >= 0) throw Error("species '" + s.name + "' is listed twice");
  species_.push_back(std::move(s));
}

int SpeciesList::find(const std::string& name) const noexcept {
  for (size_t n = 0; n < species_.size(); ++n)
    if (species_[n].name == name) return static_cast<int>(n);
  return -1;
}

int SpeciesList::index(const std::string& name) const {
  int n = find(name);
  if (n < 0) throw Error("unknown species '" + name + "'");
  return n;
}

}  // namespace lantian::state
