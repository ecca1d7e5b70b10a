//! Key completion in the carriers' own syntax: Spring Boot's `spring.kafka.*`
//! properties (in a `.properties` file the whole key; in YAML the rest of the
//! key below the mapping the cursor is in) with the Kafka keys of their
//! `properties` maps, and the environment variables of a compose Kafka
//! service, named as its image reads them. The text is read line by line, not
//! parsed: while a key is being typed, the YAML is seldom valid.

use crate::carrier::compose;
use crate::carrier::spring::mapping::{self, BootVersion, Client, Kind};
use crate::catalog::{Catalog, KeyDef, Role, explain};
use lsp_types::{CompletionItem, CompletionItemKind};

/// Where the cursor is in a YAML text: the keys of the mappings it is inside,
/// outermost first, with the line each is on.
struct Place<'t> {
    parents: Vec<(&'t str, usize)>,
    /// The key typed so far on the cursor's line (after a `- ` item marker).
    typed: &'t str,
}

/// The mappings enclosing `offset` by indentation, up to the document's start.
fn place(text: &str, offset: usize) -> Place<'_> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let current = &text[line_start..offset];
    let indent = current.len() - current.trim_start_matches([' ', '\t']).len();
    let typed = current.trim_start().trim_start_matches("- ").trim_start();
    let mut parents = Vec::new();
    let mut limit = indent;
    let lines = text[..line_start].lines().collect::<Vec<_>>();
    for (number, line) in lines.iter().enumerate().rev() {
        let body = line.trim_start_matches([' ', '\t']);
        if line.starts_with("---") {
            break;
        }
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let depth = line.len() - body.len();
        if depth >= limit {
            continue;
        }
        if let Some(key) = mapping_key(body.trim_start_matches("- ")) {
            parents.push((key, number));
        }
        limit = depth;
        if depth == 0 {
            break;
        }
    }
    parents.reverse();
    Place { parents, typed }
}

/// The key of a `key:` line (quotes taken off).
fn mapping_key(body: &str) -> Option<&str> {
    let (key, rest) = body.split_once(':')?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(())?;
    Some(key.trim().trim_matches(['"', '\'']))
}

/// `spring.kafka.*` keys for a Spring Boot file: the whole key in a
/// `.properties` file, the rest below the cursor's mapping in YAML.
pub fn spring_items(
    text: &str,
    offset: usize,
    yaml: bool,
    boot: BootVersion,
    catalog: &Catalog,
) -> Vec<CompletionItem> {
    let parents: Vec<&str> = match yaml {
        true => place(text, offset).parents.iter().map(|p| p.0).collect(),
        false => Vec::new(),
    };
    let above: Vec<String> = parents
        .iter()
        .flat_map(|p| p.split('.'))
        .map(mapping::uniform)
        .collect();
    let mut items: Vec<CompletionItem> = Vec::new();
    for property in mapping::properties().iter().filter(|p| p.bound_in(boot)) {
        let name = format!("spring.kafka.{}", property.name);
        let elements: Vec<&str> = name.split('.').collect();
        let Some(rest) = below(&elements, &above) else {
            // Inside the property's map: the Kafka keys its clients take.
            let uniform: Vec<String> = elements.iter().map(|e| mapping::uniform(e)).collect();
            if property.kind == Kind::Map && starts_with(&above, &uniform) {
                let inner = &above[uniform.len()..];
                for (key, def, role) in client_keys(property.client, catalog) {
                    let key_elements: Vec<String> = key.split('.').map(mapping::uniform).collect();
                    if starts_with(&key_elements, inner) && key_elements.len() > inner.len() {
                        let label = key
                            .split('.')
                            .skip(inner.len())
                            .collect::<Vec<_>>()
                            .join(".");
                        push_new(&mut items, key_item(label, def, role));
                    }
                }
            }
            continue;
        };
        push_new(&mut items, spring_item(rest));
    }
    items
}

/// Adds `item` unless one of its label is there.
fn push_new(items: &mut Vec<CompletionItem>, item: CompletionItem) {
    if !items.iter().any(|i| i.label == item.label) {
        items.push(item);
    }
}

/// The elements of `name` after `above`, joined, when `name` is below it.
fn below(name: &[&str], above: &[String]) -> Option<String> {
    let uniform: Vec<String> = name.iter().map(|e| mapping::uniform(e)).collect();
    (uniform.len() > above.len() && starts_with(&uniform, above))
        .then(|| name[above.len()..].join("."))
}

fn starts_with(elements: &[String], prefix: &[String]) -> bool {
    elements.len() >= prefix.len() && elements.iter().zip(prefix).all(|(a, b)| a == b)
}

/// The Kafka keys a Spring client's `properties` map passes on, with their
/// role; every client's for the common map.
fn client_keys(client: Client, catalog: &Catalog) -> Vec<(&str, &KeyDef, Role)> {
    let roles: Vec<Role> = match client {
        Client::Common => vec![Role::Producer, Role::Consumer, Role::Admin, Role::Streams],
        other => Role::parse(other.name()).into_iter().collect(),
    };
    let mut keys: Vec<(&str, &KeyDef, Role)> = Vec::new();
    for role in roles {
        for def in catalog.keys(role) {
            if !keys.iter().any(|k| k.0 == def.name) {
                keys.push((def.name.as_str(), def, role));
            }
        }
    }
    keys
}

fn spring_item(label: String) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(CompletionItemKind::PROPERTY),
        detail: Some("Spring Boot".to_string()),
        ..CompletionItem::default()
    }
}

fn key_item(label: String, def: &KeyDef, role: Role) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(CompletionItemKind::PROPERTY),
        detail: Some(format!("{role}: {}", explain::key_facts(def))),
        ..CompletionItem::default()
    }
}

/// The variables of a Kafka service's `environment:` (a map or a list), in
/// its image's naming; nothing elsewhere in a compose file.
pub fn compose_items(text: &str, offset: usize) -> Vec<CompletionItem> {
    let here = place(text, offset);
    let [("services", _), (_, service_line), ("environment", _), ..] = here.parents.as_slice()
    else {
        return Vec::new();
    };
    let Some(naming) = service_image(text, *service_line).and_then(compose::image_naming) else {
        return Vec::new();
    };
    let selection = naming
        .kafka_version
        .as_deref()
        .and_then(|v| crate::catalog::select_version(v).ok())
        .unwrap_or_else(crate::catalog::default_selection);
    let catalog = Catalog::get(selection.catalog);
    let mut items: Vec<CompletionItem> = catalog
        .keys(Role::Broker)
        .iter()
        .filter_map(|def| {
            let variable = naming.variable_for(&def.name)?;
            let mut item = key_item(variable, def, Role::Broker);
            item.documentation = crate::catalog::describe(&def.name, Role::Broker)
                .map(|d| lsp_types::Documentation::String(format!("`{}`: {d}", def.name)));
            Some(item)
        })
        .collect();
    items.retain(|i| i.label.starts_with(here.typed) || here.typed.is_empty());
    items
}

/// The `image:` of the service whose key is on line `service` (0-based).
fn service_image(text: &str, service: usize) -> Option<&str> {
    let mut lines = text.lines().skip(service);
    let head = lines.next()?;
    let depth = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let service_depth = depth(head);
    for line in lines {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if depth(line) <= service_depth {
            return None;
        }
        if let Some(image) = body.strip_prefix("image:") {
            let image = image.split(" #").next().unwrap_or("").trim();
            return Some(image.trim_matches(['"', '\'']));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(items: &[CompletionItem]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    #[test]
    fn the_place_is_the_mappings_above_the_cursor() {
        let text =
            "spring:\n  kafka:\n    # the consumer\n    consumer:\n      group-id: g\n      max-p";
        let here = place(text, text.len());
        assert_eq!(
            here.parents.iter().map(|p| p.0).collect::<Vec<_>>(),
            ["spring", "kafka", "consumer"]
        );
        assert_eq!(here.typed, "max-p");
        let doc2 = "a:\n  b: 1\n---\nspring.kafka:\n  ";
        let here = place(doc2, doc2.len());
        assert_eq!(
            here.parents.iter().map(|p| p.0).collect::<Vec<_>>(),
            ["spring.kafka"]
        );
    }

    #[test]
    fn spring_keys_below_the_cursors_mapping_in_relaxed_forms() {
        let catalog = Catalog::get(crate::catalog::default_selection().catalog);
        let boot = BootVersion::newest();
        let text = "spring:\n  kafka:\n    consumer:\n      ";
        let items = spring_items(text, text.len(), true, boot, catalog);
        let names = labels(&items);
        assert!(names.contains(&"max-poll-records"), "{names:?}");
        assert!(!names.contains(&"acks"), "{names:?}");
        // camelCase parents bind as the kebab ones do.
        let camel = "spring:\n  kafka:\n    consumer:\n      properties:\n        ";
        let inner = spring_items(camel, camel.len(), true, boot, catalog);
        assert!(
            labels(&inner).contains(&"max.poll.records"),
            "{:?}",
            labels(&inner)
        );
        // A properties file completes the whole key.
        let whole = spring_items("spring.kafka.pro", 16, false, boot, catalog);
        assert!(labels(&whole).contains(&"spring.kafka.producer.acks"));
    }

    #[test]
    fn compose_variables_in_the_images_naming() {
        let text = "services:\n  kafka:\n    image: bitnami/kafka:3.6\n    environment:\n      - KAFKA_CFG_NUM_PART";
        let names: Vec<String> = compose_items(text, text.len())
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert_eq!(names, ["KAFKA_CFG_NUM_PARTITIONS"]);
        let apache = "services:\n  kafka:\n    image: apache/kafka:3.7.0\n    environment:\n      KAFKA_LOG_RETENTION_H";
        let names: Vec<String> = compose_items(apache, apache.len())
            .into_iter()
            .map(|i| i.label)
            .collect();
        assert_eq!(names, ["KAFKA_LOG_RETENTION_HOURS"]);
        // Not a Kafka image, or not its environment: nothing.
        let other = "services:\n  db:\n    image: postgres:16\n    environment:\n      ";
        assert!(compose_items(other, other.len()).is_empty());
        let ports = "services:\n  kafka:\n    image: apache/kafka:3.7.0\n    ports:\n      ";
        assert!(compose_items(ports, ports.len()).is_empty());
    }
}
