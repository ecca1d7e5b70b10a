//! A rule once read: its CEL compiled on first use, evaluated over a unit, and
//! its findings decorated (defaults named, assumed brokers lowered).

use super::budget;
use super::context::BrokerView;
use super::expr::Expr;
use super::load::{applicability, error_at, severity};
use super::locate::{entry_span, related_location, remove_key, set_key, setting_index};
use super::spec::RuleSpec;
use super::template::{self, Template};
use super::{Read, RuleError, RuleMeta};
use crate::catalog::KafkaVersion;
use crate::diagnostics::{Applicability, Diagnostic, Fix, Severity};
use crate::model::UnitModel;
use crate::model::effective::ValueSource;
use std::borrow::Cow;
use std::sync::OnceLock;
use toml::Spanned;

/// A case of a compiled rule. Its condition compiles when the rule's `when`
/// first holds (a file of another kind never pays for it), its message, help
/// and fix when the condition first holds.
pub(super) struct Case {
    /// Its place in the rule file's `[[case]]` list.
    pub(super) index: usize,
    pub(super) severity: Severity,
    condition: OnceLock<Result<Expr, RuleError>>,
    pub(super) output: OnceLock<Result<CaseOutput, RuleError>>,
}

pub(super) struct CaseOutput {
    pub(super) message: Template,
    pub(super) help: Option<Template>,
    pub(super) fix: Option<CaseFix>,
}

pub(super) struct CaseFix {
    pub(super) key: String,
    /// Offered only when this holds.
    pub(super) when: Option<Expr>,
    /// None: remove the key.
    pub(super) value: Option<Expr>,
    pub(super) applicability: Applicability,
    pub(super) message: Template,
}

pub(super) struct Compiled {
    pub(super) when: Option<Expr>,
    pub(super) cases: Vec<Case>,
}

/// One rule: checked when loaded, its CEL compiled on first use, because parsing
/// an expression costs more than linting a small file.
pub struct Rule {
    pub meta: RuleMeta,
    pub(super) from: Option<KafkaVersion>,
    pub(super) before: Option<KafkaVersion>,
    pub(super) reads: Vec<Read>,
    pub(super) key: Option<String>,
    pub(super) report_all: bool,
    /// Whether a verdict on assumed broker defaults is reported one lower.
    pub(super) lower_on_assumed_broker: bool,
    pub(super) spec: RuleSpec,
    /// The rule file's text (a built-in rule's body), to locate errors.
    pub(super) text: Cow<'static, str>,
    /// How deep evaluating its expressions can recurse, at most (measured on
    /// their text when the rule is read; 0 for built-in rules, which are
    /// not measured at run time and are all shallow).
    pub(super) depth_bound: usize,
    pub(super) compiled: OnceLock<Result<Compiled, RuleError>>,
    /// The keys of its `reads` whose values its expressions see only as null,
    /// empty or neither (see [`Rule::shape_only_keys`]).
    pub(super) shape_only: OnceLock<Box<[String]>>,
}

/// Why a rule said nothing about a file.
pub(super) enum Failure {
    /// The rule file is broken: the run fails.
    Rule(RuleError),
    /// The expression failed on this file's values (a rule bug): reported, skipped.
    Evaluation(String),
}

impl From<RuleError> for Failure {
    fn from(e: RuleError) -> Failure {
        Failure::Rule(e)
    }
}

impl Rule {
    pub(super) fn program(&self, source: &Spanned<String>) -> Result<Expr, RuleError> {
        Expr::parse(source.get_ref()).or_else(|e| {
            error_at(
                &self.meta.source,
                &self.text,
                source.span(),
                format!("invalid CEL expression: {e}"),
            )
        })
    }

    pub(super) fn template(&self, source: &Spanned<String>) -> Result<Template, RuleError> {
        Template::compile(source.get_ref())
            .or_else(|e| error_at(&self.meta.source, &self.text, source.span(), e))
    }

    pub(super) fn compiled(&self) -> Result<&Compiled, RuleError> {
        let compiled = self.compiled.get_or_init(|| {
            let when = self
                .spec
                .when
                .as_ref()
                .map(|w| self.program(w))
                .transpose()?;
            let mut cases = Vec::new();
            for (index, case) in self.spec.cases.iter().enumerate() {
                cases.push(Case {
                    index,
                    severity: severity(&self.meta.source, &self.text, &case.severity)?,
                    condition: OnceLock::new(),
                    output: OnceLock::new(),
                });
            }
            Ok(Compiled { when, cases })
        });
        compiled.as_ref().map_err(Clone::clone)
    }

    /// The keys of its `reads` whose values every expression of the rule (its
    /// `when`, conditions, messages, helps and fixes) sees only as null, empty
    /// or neither: a verdict rests on that, not on their text. No key when an
    /// expression does not compile (the evaluation reports its error).
    pub(super) fn shape_only_keys(&self) -> &[String] {
        self.shape_only.get_or_init(|| {
            let Some(exprs) = self.all_exprs() else {
                return Box::default();
            };
            self.reads
                .iter()
                .filter_map(|read| match read {
                    Read::Own(key) => Some(key),
                    Read::Broker(_) => None,
                })
                .filter(|key| exprs.iter().all(|e| e.sees_only_the_shape_of(key)))
                .cloned()
                .collect()
        })
    }

    /// Every expression of the rule, compiled; None when one does not compile.
    fn all_exprs(&self) -> Option<Vec<&Expr>> {
        let compiled = self.compiled().ok()?;
        let mut exprs: Vec<&Expr> = compiled.when.iter().collect();
        for case in &compiled.cases {
            exprs.push(case.condition(self).ok()?);
            let output = case.output(self).ok()?;
            exprs.extend(output.message.exprs());
            exprs.extend(output.help.iter().flat_map(Template::exprs));
            if let Some(fix) = &output.fix {
                exprs.extend(fix.when.iter().chain(&fix.value));
                exprs.extend(fix.message.exprs());
            }
        }
        Some(exprs)
    }

    /// Evaluates the rule on a file, within the budget of one rule and file:
    /// what each case that holds says (see [`Verdict`]).
    pub(super) fn evaluate(
        &self,
        ctx: &cel::Context,
        file: &UnitModel,
    ) -> Result<Vec<Verdict>, Failure> {
        budget::start();
        let found = self.evaluate_cases(ctx, file);
        match budget::spent() {
            // Whatever it returned: an error swallowed by `||` or `&&` included.
            Some(why) => Err(Failure::Evaluation(why)),
            None => found,
        }
    }

    fn evaluate_cases(
        &self,
        ctx: &cel::Context,
        file: &UnitModel,
    ) -> Result<Vec<Verdict>, Failure> {
        let compiled = self.compiled()?;
        let mut found = Vec::new();
        if let Some(when) = &compiled.when
            && !truthy(when, ctx).map_err(Failure::Evaluation)?
        {
            return Ok(found);
        }
        for (position, case) in compiled.cases.iter().enumerate() {
            if truthy(case.condition(self)?, ctx).map_err(Failure::Evaluation)? {
                found.push(self.verdict(position, case, ctx, file)?);
                if !self.report_all {
                    break;
                }
            }
        }
        Ok(found)
    }

    /// What the expressions of a case that holds say: its message, help and
    /// fix. Of the file, only whether it sets the key a removal fix removes.
    fn verdict(
        &self,
        position: usize,
        case: &Case,
        ctx: &cel::Context,
        file: &UnitModel,
    ) -> Result<Verdict, Failure> {
        let output = case.output(self)?;
        let message = output.message.render(ctx).map_err(Failure::Evaluation)?;
        let help = match &output.help {
            // A help that renders empty (a condition's other branch) is left out.
            Some(help) => {
                Some(help.render(ctx).map_err(Failure::Evaluation)?).filter(|h| !h.is_empty())
            }
            None => None,
        };
        let mut fix = None;
        if let Some(case_fix) = &output.fix {
            let offered = match &case_fix.when {
                Some(when) => truthy(when, ctx).map_err(Failure::Evaluation)?,
                None => true,
            };
            let edit = match &case_fix.value {
                _ if !offered => None,
                Some(value) => {
                    let value = template::display(&value.eval(ctx).map_err(Failure::Evaluation)?);
                    // Secrets reach expressions as `[hidden]`: a value made from one
                    // would write that word into the file.
                    (!value.contains(crate::secret::HIDDEN) && fits(file, &case_fix.key, &value))
                        .then_some(FixEdit::Set(value))
                }
                None => setting_index(file, &case_fix.key).map(|_| FixEdit::Remove),
            };
            if let Some(edit) = edit {
                let message = case_fix.message.render(ctx).map_err(Failure::Evaluation)?;
                fix = Some(FixVerdict { edit, message });
            }
        }
        Ok(Verdict {
            case: position,
            message,
            help,
            fix,
        })
    }

    /// The finding of a verdict on `file`: where it points, what it relates
    /// to, what its message adds about defaults, and its edits.
    pub(super) fn finding(
        &self,
        verdict: Verdict,
        file: &UnitModel,
        broker: &BrokerView,
    ) -> Result<Diagnostic, Failure> {
        let compiled = self.compiled()?;
        let Some(case) = compiled.cases.get(verdict.case) else {
            return Err(Failure::Evaluation(format!("no case {}", verdict.case)));
        };
        let output = case.output(self)?;
        // A key read both as the unit's and as `broker:` is one the unit
        // inherits from its broker (a topic's `min.insync.replicas`): set by
        // the unit, the verdict does not rest on the broker.
        let reads_broker = self.reads.iter().any(|r| match r {
            Read::Broker(k) => !(inherits(&self.reads, k) && is_explicit(file, k)),
            Read::Own(_) => false,
        });
        let mut message = verdict.message;
        let mut severity = case.severity;
        let defaulted = defaulted_keys(file, &self.reads, &message);
        if !defaulted.is_empty() {
            // A verdict on an absent key rests on the version's default: say so.
            let (list, verb, noun) = match defaulted.as_slice() {
                [one] => (format!("`{one}`"), "is", "default"),
                many => {
                    let quoted: Vec<String> = many.iter().map(|k| format!("`{k}`")).collect();
                    (crate::text::prose::list(&quoted, "and"), "are", "defaults")
                }
            };
            message.push_str(&format!(
                " ({list} {verb} not set: Kafka {}'s {noun})",
                file.catalog.version()
            ));
        }
        if reads_broker && broker.file.is_none() {
            // A verdict on assumed broker settings is one level less certain;
            // a user's policy rule keeps its severity unless it asks otherwise.
            if self.lower_on_assumed_broker {
                severity = severity.lowered();
            }
            message.push_str(&format!(
                " (with the broker defaults of Kafka {})",
                broker.catalog.version()
            ));
        }
        let key = self.spec.cases[case.index]
            .key
            .as_ref()
            .map(|k| k.get_ref().clone())
            .or_else(|| self.key.clone());
        let span = key
            .as_deref()
            .and_then(|k| entry_span(file, k))
            .unwrap_or_else(|| file.anchor());
        let mut d = Diagnostic::new(
            self.meta.code.clone(),
            self.meta.name.clone(),
            severity,
            &file.path,
            span,
            message,
        );
        d.key = key.as_deref().map(crate::diagnostics::SharedText::new);
        d.refusal = self.spec.cases[case.index].refuses();
        let mut related = Vec::new();
        for read in &self.reads {
            let (Read::Own(k) | Read::Broker(k)) = read;
            if Some(k) != key.as_ref() && !d.related_keys().contains(k) {
                d.add_related_key(k.clone());
            }
            related.extend(related_location(file, broker, read, key.as_deref()));
        }
        d.set_related(related);
        d.set_help(verdict.help.map(Into::into));
        if let (Some(fix), Some(case_fix)) = (verdict.fix, &output.fix) {
            let edit = match fix.edit {
                FixEdit::Set(value) => Some(set_key(file, &case_fix.key, &value)),
                FixEdit::Remove => remove_key(file, &case_fix.key),
            };
            if let Some(edit) = edit {
                d.fix = Some(Fix {
                    message: fix.message.into(),
                    applicability: case_fix.applicability,
                    edits: vec![edit],
                    isolated: false,
                });
            }
        }
        Ok(d)
    }

    /// The key the fix of the case at `index` sets or removes: the fix's own,
    /// else the case's, else the rule's.
    pub(super) fn fix_key(&self, index: usize) -> Option<String> {
        let spec = self.spec.cases.get(index)?;
        let fix = spec.fix.as_ref()?;
        Some(
            fix.key
                .as_ref()
                .or(spec.key.as_ref())
                .map(|k| k.get_ref().clone())
                .or_else(|| self.key.clone())
                .unwrap_or_default(),
        )
    }

    /// The keys that the rule's removal fixes remove: whether the file sets
    /// them decides whether a finding has a fix.
    /// The keys a verdict rests on besides `reads`: those its removal fixes
    /// remove, and those the fields of `derived` it names are worked out from.
    pub(super) fn rests_on_beyond_reads(&self) -> impl Iterator<Item = String> + '_ {
        let derived = super::context::derived_inputs_named_in(&self.text).map(str::to_string);
        self.removed_keys().chain(derived)
    }

    pub(super) fn removed_keys(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.spec.cases.len())
            .filter(|&i| {
                self.spec.cases[i]
                    .fix
                    .as_ref()
                    .is_some_and(|f| f.value.is_none())
            })
            .filter_map(|i| self.fix_key(i))
    }
}

/// What the expressions of a case that holds said about a file. A file that
/// sets none of the keys the evaluation looked at gets the same verdict, and
/// [`Rule::finding`] places it in that file.
#[derive(Clone, Debug)]
pub(super) struct Verdict {
    /// The case's position in the compiled rule.
    case: usize,
    message: String,
    /// Not empty.
    help: Option<String>,
    fix: Option<FixVerdict>,
}

#[derive(Clone, Debug)]
struct FixVerdict {
    edit: FixEdit,
    message: String,
}

#[derive(Clone, Debug)]
enum FixEdit {
    /// Set the fix's key to this value.
    Set(String),
    /// Remove the fix's key, which the file sets.
    Remove,
}

impl Case {
    pub(super) fn condition(&self, rule: &Rule) -> Result<&Expr, RuleError> {
        self.condition
            .get_or_init(|| rule.program(&rule.spec.cases[self.index].condition))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub(super) fn output(&self, rule: &Rule) -> Result<&CaseOutput, RuleError> {
        let output = self.output.get_or_init(|| {
            let spec = &rule.spec.cases[self.index];
            let fix = match &spec.fix {
                None => None,
                Some(f) => Some(CaseFix {
                    key: rule.fix_key(self.index).unwrap_or_default(),
                    when: f.when.as_ref().map(|w| rule.program(w)).transpose()?,
                    value: f.value.as_ref().map(|v| rule.program(v)).transpose()?,
                    applicability: applicability(&rule.meta.source, &rule.text, &f.applicability)?,
                    message: rule.template(&f.message)?,
                }),
            };
            Ok(CaseOutput {
                message: rule.template(&spec.message)?,
                help: spec.help.as_ref().map(|h| rule.template(h)).transpose()?,
                fix,
            })
        });
        output.as_ref().map_err(Clone::clone)
    }
}

/// The keys a rule reads that the file leaves at their default and that its
/// message names.
fn defaulted_keys(file: &UnitModel, reads: &[Read], message: &str) -> Vec<String> {
    reads
        .iter()
        .filter_map(|r| match r {
            Read::Own(k) => Some(k),
            Read::Broker(_) => None,
        })
        .filter(|k| names_key(message, k))
        // Not set, it is the broker's value, not the version's default.
        .filter(|k| !inherits(reads, k))
        .filter(|k| {
            file.config
                .get(k)
                .is_some_and(|v| v.source == ValueSource::Default && v.raw.is_some())
        })
        .cloned()
        .collect()
}

/// Whether `message` names `key` itself, not a longer key that ends with it
/// (`local.retention.ms` does not name `retention.ms`).
fn names_key(message: &str, key: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-');
    message.match_indices(key).any(|(at, _)| {
        let mut before = message[..at].chars().rev();
        // A dot joins the key to a longer one only after a word (`local.`), not in `-1..`.
        let joined = match before.next() {
            Some('.') => before.next().is_some_and(word),
            Some(c) => word(c),
            None => false,
        };
        let after = message[at + key.len()..].chars().next();
        !joined && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Whether the rule reads `key` both as the unit's and as the broker's: the
/// unit's value, when it does not set one, is the broker's.
fn inherits(reads: &[Read], key: &str) -> bool {
    let own = reads.iter().any(|r| matches!(r, Read::Own(k) if k == key));
    let broker = reads
        .iter()
        .any(|r| matches!(r, Read::Broker(k) if k == key));
    own && broker
}

fn is_explicit(file: &UnitModel, key: &str) -> bool {
    file.config.get(key).is_some_and(|v| v.is_explicit())
}

/// Whether Kafka would take `value` for `key`: a value of the key's type (an
/// INT within 32 bits) that its validator accepts. A fix that writes anything
/// else only trades the finding for a broker or client that does not start.
/// Keys the catalog does not know (a user rule's plugin keys) take anything.
fn fits(file: &UnitModel, key: &str, value: &str) -> bool {
    let Some(def) = file.role().and_then(|role| file.catalog.key(role, key)) else {
        return true;
    };
    crate::model::value::parse(def.ty, value).is_ok()
        && def.validator.accepts(def.ty, value) != Some(false)
}

fn truthy(program: &Expr, ctx: &cel::Context) -> Result<bool, String> {
    match program.eval(ctx) {
        Ok(cel::Value::Bool(b)) => Ok(b),
        Ok(other) => Err(format!(
            "expected a boolean, got {}",
            crate::text::clip(&format!("{other:?}"), 2 * super::limits::SHOWN_CHARS)
        )),
        Err(e) => Err(e),
    }
}
