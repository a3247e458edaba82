#pragma once
// The case keys of the outputs (output.*) and checkpoints (checkpoint.*).
#include "solver/config/schema.hpp"

namespace lantian::output {

/// Declares the `output.*` and `checkpoint.*` keys.
void declare_output_keys(config::Schema& s);

}  // namespace lantian::output
