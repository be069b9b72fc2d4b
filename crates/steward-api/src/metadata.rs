//! The CSDL (EDMX 4.0) `$metadata` document, generated from the model.

use std::fmt::Write;
use steward_model::{FieldType, Model};
use steward_process::Processes;

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

pub fn document(model: &Model, processes: &Processes) -> String {
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
    bound_operations(&mut x, model, processes);
    impact_function(&mut x, model);
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

/// Every lifecycle transition as an action bound to its entity type (`Steward.resolve`), and the
/// bound function `Steward.transitions` listing what the caller may take now.
fn bound_operations(x: &mut String, model: &Model, processes: &Processes) {
    x.push_str(concat!(
        "      <ComplexType Name=\"Transition\">\n",
        "        <Property Name=\"name\" Type=\"Edm.String\" Nullable=\"false\"/>\n",
        "        <Property Name=\"label\" Type=\"Edm.String\" Nullable=\"false\"/>\n",
        "        <Property Name=\"to\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"parameters\" Type=\"Collection(Edm.String)\" Nullable=\"false\"/>\n",
        "        <Property Name=\"required\" Type=\"Collection(Edm.String)\" Nullable=\"false\"/>\n",
        "      </ComplexType>\n",
    ));
    for l in processes.lifecycles() {
        let t = model.table(&l.table).expect("checked at load");
        let ty = format!("{NAMESPACE}.{}", t.entity_type());
        for op in l.operations() {
            writeln!(x, r#"      <Action Name="{}" IsBound="true">"#, op.name).unwrap();
            writeln!(
                x,
                r#"        <Parameter Name="bindingParameter" Type="{ty}" Nullable="false"/>"#
            )
            .unwrap();
            for p in &op.params {
                let f = t.field(p).expect("checked at load");
                writeln!(
                    x,
                    r#"        <Parameter Name="{p}" Type="{}"/>"#,
                    edm_type(model, &f.ty)
                )
                .unwrap();
            }
            if op.reason {
                x.push_str("        <Parameter Name=\"reason\" Type=\"Edm.String\"/>\n");
            }
            if op.acknowledges {
                x.push_str(
                    "        <Parameter Name=\"acknowledge_collisions\" Type=\"Edm.Boolean\"/>\n",
                );
            }
            if op.chooses_state {
                let f = t.field(&l.field).expect("checked at load");
                writeln!(
                    x,
                    r#"        <Parameter Name="state" Type="{}" Nullable="false"/>"#,
                    edm_type(model, &f.ty)
                )
                .unwrap();
            }
            writeln!(x, r#"        <ReturnType Type="{ty}" Nullable="false"/>"#).unwrap();
            writeln!(
                x,
                r#"        <Annotation Term="Core.Description" String="{}"/>"#,
                xml_escape(&op.label)
            )
            .unwrap();
            x.push_str("      </Action>\n");
        }
        writeln!(x, r#"      <Function Name="transitions" IsBound="true">"#).unwrap();
        writeln!(
            x,
            r#"        <Parameter Name="bindingParameter" Type="{ty}" Nullable="false"/>"#
        )
        .unwrap();
        writeln!(
            x,
            r#"        <ReturnType Type="Collection({NAMESPACE}.Transition)" Nullable="false"/>"#
        )
        .unwrap();
        x.push_str("      </Function>\n");
    }
}

/// The bound function `Steward.impact` on each configuration item entity type, and the complex
/// types of its answer (`docs/CI-RELATIONS.md`).
fn impact_function(x: &mut String, model: &Model) {
    x.push_str(concat!(
        "      <ComplexType Name=\"ImpactStep\">\n",
        "        <Property Name=\"table\" Type=\"Edm.String\" Nullable=\"false\"/>\n",
        "        <Property Name=\"id\" Type=\"Edm.Guid\" Nullable=\"false\"/>\n",
        "        <Property Name=\"relation\" Type=\"Edm.String\" Nullable=\"false\"/>\n",
        "        <Property Name=\"relation_id\" Type=\"Edm.Guid\"/>\n",
        "      </ComplexType>\n",
        "      <ComplexType Name=\"ImpactOwner\">\n",
        "        <Property Name=\"field\" Type=\"Edm.String\" Nullable=\"false\"/>\n",
        "        <Property Name=\"person_id\" Type=\"Edm.Guid\" Nullable=\"false\"/>\n",
        "        <Property Name=\"name\" Type=\"Edm.String\"/>\n",
        "      </ComplexType>\n",
        "      <ComplexType Name=\"ImpactAccreditation\">\n",
        "        <Property Name=\"id\" Type=\"Edm.Guid\" Nullable=\"false\"/>\n",
        "        <Property Name=\"number\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"name\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"accreditation_status\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"expiration_date\" Type=\"Edm.DateTimeOffset\"/>\n",
        "      </ComplexType>\n",
        "      <ComplexType Name=\"ImpactAccess\">\n",
        "        <Property Name=\"person_id\" Type=\"Edm.Guid\" Nullable=\"false\"/>\n",
        "        <Property Name=\"name\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"entitlement\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"entitlement_id\" Type=\"Edm.Guid\" Nullable=\"false\"/>\n",
        "        <Property Name=\"assignment_id\" Type=\"Edm.Guid\" Nullable=\"false\"/>\n",
        "      </ComplexType>\n",
        "      <ComplexType Name=\"ImpactItem\">\n",
        "        <Property Name=\"table\" Type=\"Edm.String\" Nullable=\"false\"/>\n",
        "        <Property Name=\"id\" Type=\"Edm.Guid\" Nullable=\"false\"/>\n",
        "        <Property Name=\"name\" Type=\"Edm.String\"/>\n",
        "        <Property Name=\"depth\" Type=\"Edm.Int64\" Nullable=\"false\"/>\n",
        "        <Property Name=\"via\" Type=\"Collection(Steward.ImpactStep)\" Nullable=\"false\"/>\n",
        "        <Property Name=\"owners\" Type=\"Collection(Steward.ImpactOwner)\" Nullable=\"false\"/>\n",
        "        <Property Name=\"accreditation\" Type=\"Steward.ImpactAccreditation\"/>\n",
        "        <Property Name=\"access\" Type=\"Collection(Steward.ImpactAccess)\" Nullable=\"false\"/>\n",
        "      </ComplexType>\n",
    ));
    for name in steward_model::CI_TABLES {
        let t = model.table(name).expect("a configuration item table");
        writeln!(x, r#"      <Function Name="impact" IsBound="true">"#).unwrap();
        writeln!(
            x,
            r#"        <Parameter Name="bindingParameter" Type="{NAMESPACE}.{}" Nullable="false"/>"#,
            t.entity_type()
        )
        .unwrap();
        writeln!(
            x,
            r#"        <ReturnType Type="Collection({NAMESPACE}.ImpactItem)" Nullable="false"/>"#
        )
        .unwrap();
        x.push_str("        <Annotation Term=\"Core.Description\" String=\"Everything that depends on this configuration item, transitively\"/>\n");
        x.push_str("      </Function>\n");
    }
}
