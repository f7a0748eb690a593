#include "help.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <memory>

#include "ssla/base/edit_distance.h"

namespace ssla::cli {

namespace {

std::map<const CLI::Option*, std::vector<std::string>>& choice_table() {
  static std::map<const CLI::Option*, std::vector<std::string>> table;
  return table;
}

// The visible subcommands of the top-level app, in the order they were added.
std::vector<const CLI::App*> commands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

// The options of a command as help shows them: named options first (help
// flag included), then positionals.
std::vector<const CLI::Option*> named_options(const CLI::App& sub) {
  return sub.get_options([](const CLI::Option* o) { return o->nonpositional(); });
}
std::vector<const CLI::Option*> positionals(const CLI::App& sub) {
  return sub.get_options([](const CLI::Option* o) { return o->get_positional(); });
}

bool takes_value(const CLI::Option* o) { return o->get_expected_max() > 0; }

// The placeholder of an option's value: its option_text, else VALUE.
std::string placeholder(const CLI::Option* o) {
  if (!takes_value(o)) return "";
  return o->get_option_text().empty() ? std::string("VALUE") : o->get_option_text();
}

// `-p, --policy POLICY`
std::string option_label(const CLI::Option* o) {
  if (o->get_positional()) return o->get_option_text().empty() ? o->get_name() : o->get_option_text();
  std::string label;
  for (const std::string& s : o->get_snames()) label += (label.empty() ? "-" : ", -") + s;
  for (const std::string& l : o->get_lnames()) label += (label.empty() ? "--" : ", --") + l;
  const std::string value = placeholder(o);
  return value.empty() ? label : label + " " + value;
}

// The description with its choices spelt out.
std::string option_text(const CLI::Option* o) {
  std::string text = o->get_description();
  if (o->get_required() && o->nonpositional()) text += " (required)";
  return text;
}

// `text` in lines of at most `width` columns after `indent` spaces; the
// first line continues whatever precedes it.
std::string wrap(std::string_view text, std::size_t indent, std::size_t width) {
  std::string out;
  std::size_t line = indent;
  bool first_word = true;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    if (!first_word && line + 1 + word.size() > width) {
      out += "\n" + std::string(indent, ' ');
      line = indent;
    } else if (!first_word) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    first_word = false;
  }
  return out;
}

// Two columns: labels, then wrapped descriptions.
// The column descriptions start at: after the longest label of `labels`
// that is not too long, two spaces of indent and two of gap.
std::size_t description_column(const std::vector<std::string>& labels) {
  constexpr std::size_t kMaxLabel = 28;
  std::size_t column = 0;
  for (const std::string& label : labels) {
    if (label.size() <= kMaxLabel) column = std::max(column, label.size());
  }
  return column + 4;
}

// Two columns: labels, then wrapped descriptions from `column` on (0: as
// the labels of `rows` need).
std::string two_columns(const std::vector<std::pair<std::string, std::string>>& rows,
                        std::size_t column = 0) {
  if (column == 0) {
    std::vector<std::string> labels;
    for (const auto& row : rows) labels.push_back(row.first);
    column = description_column(labels);
  }
  std::string out;
  for (const auto& [label, text] : rows) {
    out += "  " + label;
    if (label.size() + 2 + 2 > column) {
      out += "\n" + std::string(column, ' ');
    } else {
      out += std::string(column - 2 - label.size(), ' ');
    }
    out += wrap(text, column, kHelpWidth) + "\n";
  }
  return out;
}

// `ssla report -p POLICY [OPTIONS] FILE...`
std::string usage_line(const CLI::App& sub) {
  std::string line = "ssla " + sub.get_name();
  bool optional = false;
  for (const CLI::Option* o : named_options(sub)) {
    if (o->get_required()) {
      line += " " + (o->get_snames().empty() ? "--" + o->get_lnames().front()
                                              : "-" + o->get_snames().front());
      if (takes_value(o)) line += " " + placeholder(o);
    } else {
      optional = true;
    }
  }
  if (optional) line += " [OPTIONS]";
  for (const CLI::Option* o : positionals(sub)) {
    line += " " + (o->get_required() ? option_label(o) : "[" + option_label(o) + "]");
  }
  return line;
}

std::string command_help(const CLI::App& sub) {
  std::string out = "Usage: " + usage_line(sub) + "\n\n";
  out += wrap(sub.get_description(), 0, kHelpWidth) + "\n";
  // Groups in the order their first option was added; positionals with
  // the first group, which has the command's own options.
  std::vector<std::string> groups;
  for (const CLI::Option* o : named_options(sub)) {
    if (std::find(groups.begin(), groups.end(), o->get_group()) == groups.end()) {
      groups.push_back(o->get_group());
    }
  }
  // One description column for the whole command.
  std::vector<std::string> labels;
  for (const CLI::Option* o : sub.get_options()) labels.push_back(option_label(o));
  const std::size_t column = description_column(labels);
  for (const std::string& group : groups) {
    std::vector<std::pair<std::string, std::string>> rows;
    if (&group == &groups.front()) {
      for (const CLI::Option* o : positionals(sub)) rows.emplace_back(option_label(o), option_text(o));
    }
    for (const CLI::Option* o : named_options(sub)) {
      if (o->get_group() == group) rows.emplace_back(option_label(o), option_text(o));
    }
    out += "\n" + group + ":\n" + two_columns(rows, column);
  }
  if (!sub.get_footer().empty()) out += "\n" + wrap(sub.get_footer(), 0, kHelpWidth) + "\n";
  return out;
}

std::string top_help(const CLI::App& app) {
  std::string out = wrap(app.get_description(), 0, kHelpWidth) + "\n\n";
  out += "Usage: ssla COMMAND [OPTIONS] [FILE...]\n       ssla help [COMMAND]\n\nCommands:\n";
  std::vector<std::pair<std::string, std::string>> rows;
  for (const CLI::App* sub : commands(app)) rows.emplace_back(sub->get_name(), sub->get_description());
  out += two_columns(rows);
  rows.clear();
  for (const CLI::Option* o : named_options(app)) rows.emplace_back(option_label(o), option_text(o));
  out += "\nOptions:\n" + two_columns(rows);
  std::string footer = app.get_footer();
  std::size_t start = 0;
  out += "\n";
  while (start <= footer.size()) {  // the footer's own lines, each wrapped
    const std::size_t end = std::min(footer.find('\n', start), footer.size());
    out += wrap(std::string_view(footer).substr(start, end - start), 0, kHelpWidth) + "\n";
    start = end + 1;
  }
  return out;
}

// roff: backslashes doubled, a leading dot or quote made harmless, and
// hyphens in option names as \- (so that they copy as ASCII).
std::string roff(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

// A single-quoted word for the shell.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// An option's value is a path.
bool takes_file(const CLI::Option* o) {
  const std::string p = placeholder(o);
  return p == "POLICY" || p == "FILE" || p == "FILE..." || p == "DIR";
}

std::string bash_script(const CLI::App& app) {
  std::string names;
  for (const CLI::App* sub : commands(app)) names += sub->get_name() + " ";
  std::string s =
      "# bash completion for ssla (generated by `ssla --completion bash`)\n"
      "_ssla() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "  COMPREPLY=()\n"
      "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
      "    COMPREPLY=($(compgen -W \"" + names + "help --help --version\" -- \"$cur\"))\n"
      "    return\n"
      "  fi\n"
      "  case \"${COMP_WORDS[1]}\" in\n"
      "    help) [ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W \"" + names +
      "\" -- \"$cur\")) ;;\n";
  for (const CLI::App* sub : commands(app)) {
    std::string options;
    std::string values;
    for (const CLI::Option* o : named_options(*sub)) {
      std::string alternatives;
      for (const std::string& l : o->get_lnames()) {
        options += "--" + l + " ";
        alternatives += (alternatives.empty() ? "" : "|") + ("--" + l);
      }
      for (const std::string& n : o->get_snames()) {
        options += "-" + n + " ";
        alternatives += (alternatives.empty() ? "" : "|") + ("-" + n);
      }
      if (!takes_value(o)) continue;
      if (const auto* words = choices_of(o)) {
        std::string list;
        for (const std::string& w : *words) list += (list.empty() ? "" : " ") + w;
        values += "        " + alternatives + ") COMPREPLY=($(compgen -W \"" + list +
                  "\" -- \"$cur\")); return ;;\n";
      } else if (takes_file(o)) {
        values += "        " + alternatives + ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
      } else {
        values += "        " + alternatives + ") return ;;\n";
      }
    }
    s += "    " + sub->get_name() + ")\n      case \"$prev\" in\n" + values + "      esac\n" +
         "      if [[ \"$cur\" == -* ]]; then\n        COMPREPLY=($(compgen -W \"" + options +
         "\" -- \"$cur\"))\n      else\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n      fi ;;\n";
  }
  s += "  esac\n}\ncomplete -o filenames -F _ssla ssla\n";
  return s;
}

// zsh _arguments specs lose their meaning on brackets and colons.
std::string zsh_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']') out += c == '[' ? '(' : ')';
    else if (c == ':') out += ',';
    else out += c;
  }
  return out;
}

std::string zsh_script(const CLI::App& app) {
  std::string s = "#compdef ssla\n# zsh completion for ssla (generated by `ssla --completion zsh`)\n"
                  "_ssla() {\n  local -a commands\n  commands=(\n";
  for (const CLI::App* sub : commands(app)) {
    s += "    " + shell_quoted(sub->get_name() + ":" + zsh_text(sub->get_description())) + "\n";
  }
  s += "  )\n  if (( CURRENT == 2 )); then\n    _describe 'command' commands\n    return\n  fi\n"
       "  local cmd=$words[2]\n  shift words\n  (( CURRENT-- ))\n  case $cmd in\n"
       "    help) _describe 'command' commands ;;\n";
  for (const CLI::App* sub : commands(app)) {
    s += "    " + sub->get_name() + ")\n      _arguments -s";
    for (const CLI::Option* o : named_options(*sub)) {
      std::vector<std::string> names;
      for (const std::string& n : o->get_snames()) names.push_back("-" + n);
      for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
      std::string value;
      if (takes_value(o)) {
        value = ":" + zsh_text(placeholder(o)) + ":";
        if (const auto* words = choices_of(o)) {
          std::string list;
          for (const std::string& w : *words) list += (list.empty() ? "" : " ") + w;
          value += "(" + list + ")";
        } else if (takes_file(o)) {
          value += "_files";
        } else {
          value += " ";
        }
      }
      const std::string text = "[" + zsh_text(o->get_description()) + "]" + value;
      for (const std::string& n : names) {
        s += " \\\n        " + shell_quoted(n + (takes_value(o) && n.starts_with("--") ? "=" : "") + text);
      }
    }
    if (!positionals(*sub).empty()) s += " \\\n        '*:file:_files'";
    s += " ;;\n";
  }
  s += "  esac\n}\n_ssla \"$@\"\n";
  return s;
}

std::string fish_script(const CLI::App& app) {
  std::string s = "# fish completion for ssla (generated by `ssla --completion fish`)\n"
                  "complete -c ssla -f\n";
  std::string names;
  for (const CLI::App* sub : commands(app)) names += " " + sub->get_name();
  s += "complete -c ssla -n __fish_use_subcommand -a help -d 'Help on a command'\n";
  s += "complete -c ssla -n '__fish_seen_subcommand_from help' -a " + shell_quoted(names.substr(1)) + "\n";
  for (const CLI::App* sub : commands(app)) {
    s += "complete -c ssla -n __fish_use_subcommand -a " + sub->get_name() + " -d " +
         shell_quoted(sub->get_description()) + "\n";
    const std::string when = " -n " + shell_quoted("__fish_seen_subcommand_from " + sub->get_name());
    for (const CLI::Option* o : named_options(*sub)) {
      std::string line = "complete -c ssla" + when;
      for (const std::string& n : o->get_snames()) line += " -s " + n;
      for (const std::string& l : o->get_lnames()) line += " -l " + l;
      if (takes_value(o)) {
        if (const auto* words = choices_of(o)) {
          std::string list;
          for (const std::string& w : *words) list += (list.empty() ? "" : " ") + w;
          line += " -x -a " + shell_quoted(list);
        } else if (takes_file(o)) {
          line += " -r -F";
        } else {
          line += " -x";
        }
      }
      s += line + " -d " + shell_quoted(o->get_description()) + "\n";
    }
    if (!positionals(*sub).empty()) s += "complete -c ssla" + when + " -F\n";
  }
  return s;
}

}  // namespace

void set_choices(const CLI::Option* opt, std::vector<std::string> words) {
  choice_table()[opt] = std::move(words);
}

const std::vector<std::string>* choices_of(const CLI::Option* opt) {
  const auto it = choice_table().find(opt);
  return it == choice_table().end() ? nullptr : &it->second;
}

void use_help_formatter(CLI::App& app) {
  app.formatter_fn([](const CLI::App* a, const std::string&, CLI::AppFormatMode) {
    return a->get_parent() == nullptr ? top_help(*a) : command_help(*a);
  });
}

std::string short_usage(const CLI::App& app) {
  std::string names;
  for (const CLI::App* sub : commands(app)) names += (names.empty() ? "" : ", ") + sub->get_name();
  return "Usage: ssla COMMAND [OPTIONS] [FILE...]\n" + wrap("Commands: " + names, 2, kHelpWidth) +
         "\nRun `ssla help` for what each does, `ssla help COMMAND` for its options.\n";
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (word.size() >= 3 && c.starts_with(word)) d = std::min<std::size_t>(d, 1);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string unknown_option_message(const CLI::App& sub, const std::vector<std::string>& args) {
  std::vector<std::string> known;
  for (const CLI::Option* o : named_options(sub)) {
    for (const std::string& l : o->get_lnames()) known.push_back("--" + l);
    for (const std::string& n : o->get_snames()) known.push_back("-" + n);
  }
  bool value_next = false;  // the argument is the value of the option before
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (value_next) {
      value_next = false;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::string name = arg.substr(0, arg.find('='));
    if (std::find(known.begin(), known.end(), name) != known.end()) {
      for (const CLI::Option* o : named_options(sub)) {
        if (o->check_name(name) && takes_value(o) && name.size() == arg.size()) value_next = true;
      }
      continue;
    }
    if (name.size() > 2 && name[1] != '-' && name.substr(0, 2) != name) {
      // `-pFILE`: a short option with its value attached.
      if (std::find(known.begin(), known.end(), name.substr(0, 2)) != known.end()) continue;
    }
    std::string text = "unknown option '" + name + "' for " + sub.get_name();
    const std::string near = closest(name, known);
    if (!near.empty()) text += "; did you mean " + near + "?";
    return text + " (see `ssla help " + sub.get_name() + "`)";
  }
  return "";
}

std::string man_page(const CLI::App& app) {
  std::string s = ".TH SSLA 1 \"\" \"ssla " + std::string(SSLA_VERSION) +
                  "\" \"User Commands\"\n.SH NAME\nssla \\- " + roff(app.get_description()) +
                  "\n.SH SYNOPSIS\n.B ssla\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n"
                  ".br\n.B ssla help\n[\\fICOMMAND\\fR]\n.SH DESCRIPTION\n"
                  "ssla reads exports of customer posts and company replies (CSV, JSON, NDJSON, "
                  "gzip), rebuilds the conversations, runs business-hours clocks from a YAML "
                  "policy and reports who was answered in time.\n"
                  "A \\fIFILE\\fR of \\fB\\-\\fR is standard input.\n.SH COMMANDS\n";
  for (const CLI::App* sub : commands(app)) {
    s += ".SS \"" + roff(usage_line(*sub)) + "\"\n" + roff(sub->get_description()) + "\n";
    for (const CLI::Option* o : positionals(*sub)) {
      s += ".TP\n.I " + roff(option_label(o)) + "\n" + roff(option_text(o)) + "\n";
    }
    for (const CLI::Option* o : named_options(*sub)) {
      std::string names;
      for (const std::string& n : o->get_snames()) names += (names.empty() ? "" : ", ") + ("\\fB\\-" + roff(n) + "\\fR");
      for (const std::string& l : o->get_lnames()) names += (names.empty() ? "" : ", ") + ("\\fB\\-\\-" + roff(l) + "\\fR");
      if (takes_value(o)) names += " \\fI" + roff(placeholder(o)) + "\\fR";
      s += ".TP\n" + names + "\n" + roff(option_text(o)) + "\n";
    }
  }
  s += ".SH EXIT STATUS\n";
  const std::string footer = app.get_footer();
  s += roff(footer.substr(0, footer.find('\n'))) + "\n";
  s += ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nWhen set and not empty, tables are never coloured.\n"
       ".TP\n.B TERM\nTables are coloured only on a terminal whose TERM is set and not "
       "\\fBdumb\\fR.\n"
       ".SH EXAMPLES\n.nf\n"
       "ssla init policy.yaml\n"
       "ssla validate policy.yaml\n"
       "ssla report \\-p policy.yaml export.csv\n"
       "ssla report \\-p policy.yaml \\-\\-preset twcs \\-\\-by account twcs.csv.gz\n"
       "ssla check \\-p policy.yaml \\-\\-month 2026\\-11 export.csv || mail \\-s SSLA team\n"
       ".fi\n.SH SEE ALSO\nThe README and docs/ of the ssla sources.\n";
  return s;
}

std::string completion_script(const CLI::App& app, std::string_view shell) {
  if (shell == "bash") return bash_script(app);
  if (shell == "zsh") return zsh_script(app);
  if (shell == "fish") return fish_script(app);
  return "";
}

}  // namespace ssla::cli
