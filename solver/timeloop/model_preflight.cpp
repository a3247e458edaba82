// Model::preflight: every check of the case that needs no step, made by `lantian --check` and
// once by a run before its first step (model.hpp): by begin() unless its driver called
// preflight() first (solver/forecast, to record a failure before any step).
#include <cmath>
#include <filesystem>

#include "solver/core/error.hpp"
#include "solver/core/files.hpp"
#include "solver/core/text.hpp"
#include "solver/output/checkpoint.hpp"
#include "solver/parallel/agreement.hpp"
#include "solver/timeloop/model.hpp"

namespace lantian::timeloop {

using text::exact;

output::CheckpointInfo Model::preflight() const {
  const double t_end = cfg_.get_real("case.hours") * 3600.0;
  const double interval = cfg_.get_real("output.interval_s");
  // The met covers the whole run and every file is readable to its end.
  met_->preflight(t_end);
  // Where the run writes: checked now, not after hours of computing. Rank 0 writes and checks;
  // every rank throws its answer, so that a driver that goes on after a failed preflight
  // (solver/forecast) finds every rank failed alike.
  std::string unwritable;
  auto writable = [&](const std::string& key, const std::string& dir) {
    if (decomp_.rank != 0 || !unwritable.empty()) return;
    try {
      files::check_writable_dir(dir);
    } catch (const Error& e) {
      unwritable = cfg_.error_at(key, e.what()).full_message();
    }
  };
  writable("output.dir", std::filesystem::path(output_path_).parent_path().string());
  const auto& hours = cfg_.get_reals("checkpoint.hours");
  if (!hours.empty()) writable("checkpoint.dir", checkpoint_dir_);
  if (decomp_.comm != MPI_COMM_NULL && decomp_.nranks > 1) {
    parallel::broadcast(decomp_.comm, unwritable);
  }
  if (!unwritable.empty()) throw Error(unwritable);
  // A checkpoint is written after an output record: its hour must be one.
  for (double h : hours) {
    const double t = h * 3600.0;
    const double records = t / interval;
    if (t <= 0.0 || t > t_end + 1e-6 ||
        (std::fabs(records - std::round(records)) > 1e-9 && std::fabs(t - t_end) > 1e-6))
      throw cfg_.error_at("checkpoint.hours", "no checkpoint can be written at hour " + exact(h) +
                                                  ": checkpoints are written at output times (every " +
                                                  exact(interval) + " s) after the start and up to the end (hour " +
                                                  exact(t_end / 3600.0) + ")");
  }
  output::CheckpointInfo info;
  const std::string restart = cfg_.get_string("checkpoint.restart_file");
  if (!restart.empty()) {
    std::string path;
    try {
      path = cfg_.input_path("checkpoint.restart_file");
    } catch (const Error&) {
      throw Error::in_file(cfg_.get_string("checkpoint.restart_file"), "checkpoint file not found");
    }
    info = output::check_checkpoint(path, start_time_, checkpoint_meta_);
    if (info.time_s < 0 || info.time_s >= t_end - 1e-6)
      throw Error::in_file(path, "the checkpoint is at hour " + exact(info.time_s / 3600.0) +
                                     ", not before the end of this case (hour " + exact(t_end / 3600.0) + ")");
    if (info.output_snapshot.empty() && !cfg_.get_bool("checkpoint.allow_missing_state"))
      throw Error::in_file(path,
                           "the checkpoint does not hold the output before it, so the restarted run's output "
                           "would start at hour " +
                               exact(info.time_s / 3600.0) + "; checkpoint.allow_missing_state = true accepts that",
                           "output_snapshot");
    if (!info.output_snapshot.empty() && !std::filesystem::exists(info.output_snapshot))
      throw Error::in_file(info.output_snapshot, "the output before the checkpoint " + path +
                                                     " is missing (it is written next to the checkpoint)");
  }
  if (const std::string warm = cfg_.get_string("initial.from_checkpoint"); !warm.empty()) {
    if (!restart.empty())
      throw cfg_.error_at("initial.from_checkpoint",
                          "a run restarts (checkpoint.restart_file) or starts warm from another run's checkpoint, "
                          "not both");
    std::string path;
    try {
      path = cfg_.input_path("initial.from_checkpoint");
    } catch (const Error&) {
      throw Error::in_file(warm, "checkpoint file not found (initial.from_checkpoint)");
    }
    output::check_warm_start(path, start_time_, checkpoint_meta_);
  }
  checked_ = info;  // begin() takes this answer instead of checking again
  return info;
}

}  // namespace lantian::timeloop
