//! The Spring Boot version a Spring application's build names: the nearest
//! `pom.xml` (its `spring-boot-starter-parent` parent, or a
//! `<spring-boot.version>` property) or `build.gradle(.kts)` (the
//! `org.springframework.boot` plugin, or the `spring-boot-gradle-plugin`
//! dependency) above the file, looking no further than the repository's root.
//! Only a literal version counts: one built from a property of another file
//! is not guessed.

use super::BootVersion;
use regex::Regex;
use std::path::Path;
use std::sync::OnceLock;

/// The build files looked for in each directory, in order.
const BUILD_FILES: [&str; 3] = ["pom.xml", "build.gradle.kts", "build.gradle"];

/// How many directories up from the file are searched (`src/main/resources`
/// is three below its module, a module one below its parent).
const MAX_LEVELS: usize = 8;

/// The largest build file read.
const MAX_BYTES: u64 = 1024 * 1024;

/// The Boot version the build of the application holding `file` names.
pub fn boot_version(file: &Path) -> Option<BootVersion> {
    let start = file.parent()?;
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    for dir in start.ancestors().take(MAX_LEVELS) {
        for name in BUILD_FILES {
            let Ok(bytes) = crate::input::read_regular(&dir.join(name), MAX_BYTES) else {
                continue;
            };
            if let Some(version) = named_version(&String::from_utf8_lossy(&bytes)) {
                return Some(version);
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// The Boot version a build file's text names, if literally.
fn named_version(text: &str) -> Option<BootVersion> {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            r"<spring-boot\.version>\s*([0-9][^<\s]*)\s*</spring-boot\.version>",
            // Gradle: id 'org.springframework.boot' version '3.3.5', id("...") version "..."
            r#"id\s*\(?\s*['"]org\.springframework\.boot['"]\s*\)?\s*version\s*\(?\s*['"]([0-9][^'"]*)['"]"#,
            r#"spring-boot-gradle-plugin:([0-9][^'"\s)]*)"#,
        ]
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    });
    let written = maven_parent(text).or_else(|| {
        patterns
            .iter()
            .find_map(|p| p.captures(text)?.get(1))
            .map(|m| m.as_str())
    })?;
    BootVersion::parse(written).ok()
}

/// The version of a `<parent>` that is `spring-boot-starter-parent`.
fn maven_parent(text: &str) -> Option<&str> {
    let start = text.find("<parent>")? + "<parent>".len();
    let parent = &text[start..start + text[start..].find("</parent>")?];
    let element = |name: &str| {
        let open = format!("<{name}>");
        let from = parent.find(&open)? + open.len();
        let to = from + parent[from..].find(&format!("</{name}>"))?;
        Some(parent[from..to].trim())
    };
    (element("artifactId")? == "spring-boot-starter-parent").then(|| element("version"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str) -> Option<String> {
        named_version(text).map(|v| v.to_string())
    }

    #[test]
    fn maven_and_gradle_builds_name_their_boot_version() {
        let pom = "<project><parent>\n<groupId>org.springframework.boot</groupId>\n<artifactId>spring-boot-starter-parent</artifactId>\n<version>3.3.5</version>\n</parent></project>";
        assert_eq!(named(pom).as_deref(), Some("3.3"));
        let property = "<properties><spring-boot.version>2.7.18</spring-boot.version></properties>";
        assert_eq!(named(property).as_deref(), Some("2.7"));
        let groovy = "plugins {\n  id 'org.springframework.boot' version '3.4.1'\n}";
        assert_eq!(named(groovy).as_deref(), Some("3.4"));
        let kotlin = "plugins {\n  id(\"org.springframework.boot\") version \"4.0.0\"\n}";
        assert_eq!(named(kotlin).as_deref(), Some("4.0"));
        let buildscript = "classpath(\"org.springframework.boot:spring-boot-gradle-plugin:3.1.2\")";
        assert_eq!(named(buildscript).as_deref(), Some("3.1"));
    }

    #[test]
    fn other_parents_and_property_versions_name_none() {
        let other =
            "<parent><artifactId>company-parent</artifactId><version>1.2</version></parent>";
        assert_eq!(named(other), None);
        let property = "id 'org.springframework.boot' version \"${bootVersion}\"";
        assert_eq!(named(property), None);
    }
}
