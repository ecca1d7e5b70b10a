//! Words put together as English: lists and articles, for messages.

/// `a`, `a or b`, `a, b or c` (with `conjunction` for `or`).
pub fn list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} {conjunction} {}", rest.join(", "), last.as_ref())
        }
        Some((last, _)) => last.as_ref().to_string(),
        None => String::new(),
    }
}

/// [`list`] of the items as code: `` `a` and `b` ``.
pub fn code_list<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{}`", i.as_ref())).collect();
    list(&quoted, conjunction)
}

/// `word` behind its indefinite article: `a producer`, `an admin`.
pub fn a(word: &str) -> String {
    let vowel = word
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {word}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(list::<&str>(&[], "or"), "");
        assert_eq!(list(&["producer"], "or"), "producer");
        assert_eq!(list(&["producer", "admin"], "or"), "producer or admin");
        assert_eq!(list(&["a", "b", "c"], "and"), "a, b and c");
    }

    #[test]
    fn code_lists_quote_each_item() {
        assert_eq!(code_list(&["a"], "and"), "`a`");
        assert_eq!(code_list(&["a", "b", "c"], "and"), "`a`, `b` and `c`");
    }

    #[test]
    fn articles_follow_the_first_letter() {
        assert_eq!(a("producer"), "a producer");
        assert_eq!(a("admin"), "an admin");
        assert_eq!(a("consumer or admin"), "a consumer or admin");
    }
}
