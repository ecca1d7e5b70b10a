//! Message templates: literal text with `{{ expr }}` holes filled by CEL values,
//! so that messages show the real numbers of the file.

use super::expr::Expr;
use cel::Value;

enum Piece {
    Text(String),
    Expr(Expr),
}

pub struct Template {
    pieces: Vec<Piece>,
}

/// A template's text split into literal text (`Ok`) and the expressions of its
/// `{{ }}` holes (`Err`), not yet parsed.
pub fn split(source: &str) -> Result<Vec<Result<&str, &str>>, String> {
    let mut pieces = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            pieces.push(Ok(&rest[..open]));
        }
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            return Err(format!(
                "unclosed `{{{{` in template `{}`",
                super::limits::shown(source)
            ));
        };
        pieces.push(Err(after[..close].trim()));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Ok(rest));
    }
    Ok(pieces)
}

impl Template {
    pub fn compile(source: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        for piece in split(source)? {
            pieces.push(match piece {
                Ok(text) => Piece::Text(text.to_string()),
                Err(expr) => Piece::Expr(
                    Expr::parse(expr)
                        .map_err(|e| format!("invalid CEL expression in template: {e}"))?,
                ),
            });
        }
        Ok(Template { pieces })
    }

    /// The expressions of its holes.
    pub fn exprs(&self) -> impl Iterator<Item = &Expr> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Text(_) => None,
            Piece::Expr(e) => Some(e),
        })
    }

    pub fn render(&self, ctx: &cel::Context) -> Result<String, String> {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Expr(p) => out.push_str(&display(&p.eval(ctx)?)),
            }
        }
        Ok(out)
    }
}

/// A CEL value as it reads in a message or a file: whole doubles without `.0`.
pub fn display(value: &Value) -> String {
    match value {
        Value::Int(i) => i.to_string(),
        Value::UInt(u) => u.to_string(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Value::Float(f) => format!("{:.2}", f)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string(),
        Value::String(s) => s.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        Value::List(items) => items.iter().map(display).collect::<Vec<_>>().join(","),
        other => format!("{other:?}"),
    }
}
