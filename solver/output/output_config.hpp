#pragma once
// The case keys of the outputs (output.*) and checkpoints (checkpoint.*).
#include "solver/config/case_config.hpp"
#include "solver/config/schema.hpp"
#include "solver/output/nc_layout.hpp"

namespace lantian::output {

/// Declares the `output.*` and `checkpoint.*` keys.
void declare_output_keys(config::Schema& s);

/// output.io, output.deflate_level and output.chunk_*; "parallel" in a build without PnetCDF,
/// or with compression, is an error naming the key.
IoOptions io_options(const config::CaseConfig& cfg);

}  // namespace lantian::output
