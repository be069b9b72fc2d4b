//! The CSDL (EDMX 4.0) `$metadata` document, generated from the model.

use std::fmt::Write;
use steward_model::{FieldType, Model};

pub const NAMESPACE: &str = "Steward";

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The EDM type of a field.
pub fn edm_type(model: &Model, ty: &FieldType) -> String {
    match ty {
        FieldType::Text { .. } | FieldType::Memo => "Edm.String".into(),
        FieldType::Int { .. } => "Edm.Int64".into(),
        FieldType::Money => "Edm.Decimal".into(),
        FieldType::Bool => "Edm.Boolean".into(),
        FieldType::Date => "Edm.Date".into(),
        FieldType::DateTime => "Edm.DateTimeOffset".into(),
        FieldType::Uuid | FieldType::Lookup { .. } => "Edm.Guid".into(),
        FieldType::Choice { set } => format!(
            "{NAMESPACE}.{}",
            model.choice_set(set).expect("set").enum_type()
        ),
        FieldType::Choices { set } => format!(
            "Collection({NAMESPACE}.{})",
            model.choice_set(set).expect("set").enum_type()
        ),
    }
}

pub fn document(model: &Model) -> String {
    let mut x = String::with_capacity(256 * 1024);
    x.push_str(r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>
  </edmx:Reference>
  <edmx:DataServices>
"#);
    writeln!(
        x,
        r#"    <Schema Namespace="{NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#
    )
    .unwrap();
    for set in model.choice_sets.values() {
        writeln!(
            x,
            r#"      <EnumType Name="{}" UnderlyingType="Edm.Int32">"#,
            set.enum_type()
        )
        .unwrap();
        writeln!(
            x,
            r#"        <Annotation Term="Core.Description" String="{}"/>"#,
            xml_escape(&set.label)
        )
        .unwrap();
        for (i, c) in set.choices.iter().enumerate() {
            writeln!(x, r#"        <Member Name="{}" Value="{i}"><Annotation Term="Core.Description" String="{}"/></Member>"#, c.code, xml_escape(&c.label)).unwrap();
        }
        x.push_str("      </EnumType>\n");
    }
    for t in &model.tables {
        writeln!(x, r#"      <EntityType Name="{}">"#, t.entity_type()).unwrap();
        x.push_str("        <Key><PropertyRef Name=\"id\"/></Key>\n");
        writeln!(
            x,
            r#"        <Annotation Term="Core.Description" String="{}"/>"#,
            xml_escape(&t.label)
        )
        .unwrap();
        for f in t.public_fields() {
            write!(
                x,
                r#"        <Property Name="{}" Type="{}""#,
                f.name,
                edm_type(model, &f.ty)
            )
            .unwrap();
            if f.required {
                x.push_str(r#" Nullable="false""#);
            }
            match f.ty {
                FieldType::Text { max } => write!(x, r#" MaxLength="{max}""#).unwrap(),
                FieldType::Money => x.push_str(r#" Precision="18" Scale="2""#),
                _ => {}
            }
            writeln!(
                x,
                r#"><Annotation Term="Core.Description" String="{}"/></Property>"#,
                xml_escape(&f.label)
            )
            .unwrap();
        }
        for f in t.public_fields() {
            if let (Some(nav), Some(target)) = (f.navigation_name(), f.ty.lookup_table()) {
                let target = model.table(target).expect("lookup target");
                writeln!(
                    x,
                    r#"        <NavigationProperty Name="{nav}" Type="{NAMESPACE}.{}"><ReferentialConstraint Property="{}" ReferencedProperty="id"/></NavigationProperty>"#,
                    target.entity_type(),
                    f.name
                )
                .unwrap();
            }
        }
        x.push_str("      </EntityType>\n");
    }
    x.push_str("      <EntityContainer Name=\"Container\">\n");
    for t in &model.tables {
        writeln!(
            x,
            r#"        <EntitySet Name="{}" EntityType="{NAMESPACE}.{}">"#,
            t.set,
            t.entity_type()
        )
        .unwrap();
        for (f, target) in t.lookups() {
            let target = model.table(target).expect("lookup target");
            writeln!(
                x,
                r#"          <NavigationPropertyBinding Path="{}" Target="{}"/>"#,
                f.navigation_name().expect("lookup"),
                target.set
            )
            .unwrap();
        }
        x.push_str("        </EntitySet>\n");
    }
    x.push_str("      </EntityContainer>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n");
    x
}
