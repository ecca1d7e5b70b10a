use super::{Check, CheckMeta, Context, FixAvailability};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::role::RoleDecision;
use crate::text::Span;

pub struct UnknownRole;

static META: CheckMeta = CheckMeta {
    code: "K009",
    name: "unknown-role",
    severity: Severity::Info,
    summary: "kafkalint cannot tell which Kafka component the file configures",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Reports files whose role (producer, consumer, admin, broker, topic, streams or
connect) could not be determined, and configurations of programs that kafkalint
does not check yet: Kafka Connect connectors (`connector.class`) and MirrorMaker 2
(`clusters`, `A->B.enabled`) property files.

## Why is this bad?
Most checks depend on the role: `acks` is a producer key and means nothing to a
consumer. Without a role, kafkalint checks only what needs none (syntax, escapes,
encoding, duplicates), so real mistakes may go unreported.

## Example
A file named `app.properties` holding only `bootstrap.servers` and `client.id`,
keys that every client shares.

## Fix
Tell kafkalint the role, in order of precedence: `--role consumer` on the command
line, a `# kafkalint: role=consumer` comment in the file, or a file name containing
`producer`, `consumer`, `admin`, `server`/`broker`/`controller`, `topic`, `streams`
or `connect`.
"#,
};

impl Check for UnknownRole {
    fn meta(&self) -> &'static CheckMeta {
        &META
    }

    fn run(&self, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let message = match ctx.unit.role {
            RoleDecision::Known(..) => return,
            RoleDecision::Other(kind) if kind.is_foreign() => return,
            RoleDecision::Other(kind) => format!(
                "this looks like {}, which kafkalint does not check yet; only syntax and encoding were checked",
                kind.describe()
            ),
            RoleDecision::Unknown => {
                "cannot tell which Kafka component this file configures; only syntax and encoding were checked".to_string()
            }
        };
        out.push(ctx.diagnostic(&META, Span::empty_at(0), message).with_help(
            "set the role with `--role producer|consumer|admin|broker|topic|streams|connect`, a `# kafkalint: role=consumer` comment, or a file name containing the role",
        ));
    }
}
