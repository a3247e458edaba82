#include "solver/nesting/nest_file.hpp"

#include <toml++/toml.h>

#include <filesystem>

#include "solver/config/toml_file.hpp"
#include "solver/core/error.hpp"

namespace lantian::nesting {

namespace {

long line_of(const toml::node* n) { return n ? static_cast<long>(n->source().begin.line) : 0; }

}  // namespace

NestFile read_nest_file(const std::string& path) {
  NestFile f;
  f.path = path;
  const toml::table t = config::read_toml_file(path, "the nest file");
  for (const auto& [k, v] : t)
    if (k.str() != "nest" && k.str() != "domain")
      throw Error::in_file(path, "unknown key '" + std::string(k.str()) + "' (a nest file holds [nest] and [[domain]])",
                           std::string(k.str()), line_of(&v));
  const toml::table* nest = t.get_as<toml::table>("nest");
  if (!nest) throw Error::in_file(path, "missing table [nest] (with name = \"...\")", "nest");
  for (const auto& [k, v] : *nest)
    if (k.str() != "name")
      throw Error::in_file(path, "unknown key 'nest." + std::string(k.str()) + "'", "nest." + std::string(k.str()),
                           line_of(&v));
  const auto* name = nest->get_as<std::string>("name");
  if (!name || name->get().empty())
    throw Error::in_file(path, "'nest.name' must be a non-empty string", "nest.name", line_of(nest));
  f.name = name->get();
  const toml::array* domains = t.get_as<toml::array>("domain");
  if (!domains || domains->empty())
    throw Error::in_file(path, "no [[domain]] entries: list the domains, outermost first", "domain");
  const auto dir = std::filesystem::path(path).parent_path();
  for (size_t d = 0; d < domains->size(); ++d) {
    const toml::table* e = (*domains)[d].as_table();
    const std::string where = "domain " + std::to_string(d + 1);
    if (!e) throw Error::in_file(path, where + " is not a table ([[domain]])", "domain", line_of(&(*domains)[d]));
    NestDomainEntry entry;
    entry.line = line_of(e);
    for (const auto& [k, v] : *e)
      if (k.str() != "case" && k.str() != "parent")
        throw Error::in_file(path, where + ": unknown key '" + std::string(k.str()) + "' (case, parent)",
                             "domain." + std::string(k.str()), line_of(&v));
    const auto* c = e->get_as<std::string>("case");
    if (!c || c->get().empty())
      throw Error::in_file(path, where + ": 'case' (the case file) must be a non-empty string", "domain.case",
                           entry.line);
    const std::filesystem::path cp(c->get());
    entry.case_path = cp.is_absolute() ? cp.string() : (dir / cp).lexically_normal().string();
    if (const toml::node* p = e->get("parent")) {
      const auto* ps = p->as_string();
      if (!ps || ps->get().empty())
        throw Error::in_file(path, where + ": 'parent' must be a parent domain's case.name", "domain.parent",
                             line_of(p));
      entry.parent = ps->get();
    }
    if (d == 0 && !entry.parent.empty())
      throw Error::in_file(path,
                           "the first domain is the outermost one and has no parent (it names '" + entry.parent + "')",
                           "domain.parent", entry.line);
    if (d > 0 && entry.parent.empty())
      throw Error::in_file(path, where + " names no parent: every domain but the first is a child (parent = \"...\")",
                           "domain.parent", entry.line);
    f.domains.push_back(std::move(entry));
  }
  return f;
}

}  // namespace lantian::nesting
