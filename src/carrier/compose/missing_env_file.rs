//! K130: an env file a Kafka service of a compose file names that cannot be read.

use super::env_file::EnvFileRef;
use crate::checks::{CheckMeta, FixAvailability};
use crate::diagnostics::{Diagnostic, Severity};

pub static META: CheckMeta = CheckMeta {
    code: "K130",
    name: "missing-env-file",
    severity: Severity::Error,
    summary: "An env file a Kafka service of a compose file names, which cannot be read",
    versions: "all",
    fix: FixAvailability::Never,
    refusal: false,
    doc: r#"## What it does
Reads the env files that the Kafka services of a docker compose file name in
`env_file:` (a path, a list of paths, or a list of `path:` entries with
`required:`), relative to the compose file's directory, and reports one that
does not exist or cannot be read, unless it is marked `required: false`.

The variables of the env files that can be read are linted with the service's
`environment:`, which wins over them, as in compose; a finding about a
variable that comes from an env file points at its line there.

## Why is this bad?
`docker compose up` stops before starting anything: "env file ... not found"
(compose-spec, `env_file`: "the file must exist unless `required` is false").
And whatever the file was meant to give the broker, kafkalint cannot check.

## Example
```yaml
services:
  kafka:
    image: apache/kafka:3.7.0
    env_file: kafka.env        # no such file next to the compose file
```

## Fix
Create the file, correct the path (it is relative to the compose file), or mark
the entry `required: false` when the file is optional.
"#,
};

/// The finding for `r`, named by service `service`; `why` says what reading it met.
pub fn finding(r: &EnvFileRef, service: &str, why: &str) -> Diagnostic {
    let mut d = META
        .diagnostic(
            "",
            r.span,
            format!(
                "service {service} names the env file `{}`, which cannot be read ({why}): docker compose refuses to start it",
                r.path
            ),
        )
        .with_help("create the file, correct its path (relative to the compose file), or mark it `required: false`");
    d.set_unit(Some(format!("service {service}")));
    d.set_source_key(Some("env_file".to_string()));
    d
}
