#pragma once
// Whether a model output file is complete. The model writes `<name>.part` (or
// `<name>.<tag>.part`) while it runs, with the global attribute run_status = "incomplete", and
// sets run_status = "complete" just before it renames the file to its final name. Products
// from a partial file would silently cover fewer hours than asked for, so the product commands
// refuse such a file unless called with --allow-partial, and then mark what they write.
#include <string>
#include <vector>

namespace lantian::products {

struct OutputStatus {
  bool partial = false;
  std::string reason;  ///< why the file is partial ("its name ends in .part", ...); "" if complete
};

/// Judges a model output file: partial when its name ends in ".part" or its global attribute
/// run_status is present and not "complete" (the writer sets "incomplete"); a file without
/// the attribute is judged by its name alone. Throws lantian::Error naming the file when it
/// does not exist (naming an unfinished `.part` beside it when there is one) or is unreadable.
OutputStatus output_status(const std::string& path);

/// Checks a model output that a product command is about to read. A partial file is an error
/// naming the file and the reason, unless `allow_partial`: then a warning is logged and the
/// returned text (one line, "" for a complete file) is to be written into every product made
/// from it. `command` names the sub-command in the message ("lantian warn").
std::string require_complete(const std::string& path, bool allow_partial, const std::string& command);

/// The marking line of a product made from partial inputs: "" when `notes` are all empty, else
/// "PARTIAL INPUT: <note>; <note>".
std::string partial_mark(const std::vector<std::string>& notes);

}  // namespace lantian::products
