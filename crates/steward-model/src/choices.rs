//! Choice sets of the spec. Values are stored as stable codes: the lower snake case of the label.

use crate::ChoiceSet;

/// `Controlled Unclassified (CUI)` -> `controlled_unclassified_cui`, `Walk-in` -> `walk_in`.
pub fn choice_code(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut pending_sep = false;
    for ch in label.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('_');
            }
            pending_sep = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            pending_sep = true;
        }
    }
    out
}

/// Every choice set of the spec, in the spec's order.
pub(crate) fn all() -> Vec<ChoiceSet> {
    let sets: &[(&str, &[&str])] = &[
        (
            "Identity Kind",
            &[
                "Human",
                "Service Account",
                "Application",
                "API Client",
                "AI Agent",
                "Device",
            ],
        ),
        (
            "Employment Type",
            &[
                "Civilian Employee",
                "Military",
                "Contractor",
                "Intern",
                "Volunteer",
                "Other",
            ],
        ),
        (
            "Organization Unit Type",
            &[
                "Department",
                "Agency",
                "Bureau",
                "Office",
                "Division",
                "Branch",
                "Team",
            ],
        ),
        (
            "Account Type",
            &[
                "Vendor",
                "Cloud Provider",
                "Hosting Provider",
                "Certification Body",
                "Assessor Organization",
                "Other",
            ],
        ),
        (
            "IT Request Type",
            &[
                "Service Request",
                "Hardware Request",
                "Software Request",
                "Access Request",
                "Support Request",
                "Change Request",
                "Provisioning Request",
            ],
        ),
        (
            "Request Status",
            &[
                "Draft",
                "Submitted",
                "Pending Approval",
                "Approved",
                "Rejected",
                "In Progress",
                "On Hold",
                "Fulfilled",
                "Closed",
                "Cancelled",
            ],
        ),
        (
            "Priority",
            &["Critical", "High", "Medium", "Low", "Planning"],
        ),
        (
            "Method of Contact",
            &["Portal", "Email", "Phone", "Walk-in", "Chat", "API"],
        ),
        (
            "Approval Status",
            &[
                "Not Required",
                "Pending",
                "Approved",
                "Rejected",
                "Cancelled",
            ],
        ),
        (
            "SLA State",
            &["Within Target", "At Risk", "Breached", "Paused", "Met"],
        ),
        (
            "Access Request Type",
            &[
                "New Access",
                "Modify Access",
                "Remove Access",
                "Temporary Access",
                "Emergency Access",
                "Transfer Access",
            ],
        ),
        (
            "Access Action",
            &["Grant", "Modify", "Revoke", "Extend", "Transfer"],
        ),
        (
            "Action Status",
            &[
                "Not Started",
                "Pending",
                "In Progress",
                "Completed",
                "Cancelled",
                "Rejected",
                "Expired",
            ],
        ),
        (
            "Access Level",
            &[
                "None",
                "Read",
                "Write",
                "Modify",
                "Delete",
                "Administrator",
                "Full Control",
            ],
        ),
        (
            "Security Classification",
            &[
                "Unclassified",
                "Controlled Unclassified (CUI)",
                "Confidential",
                "Secret",
                "Top Secret",
            ],
        ),
        (
            "Entitlement Type",
            &[
                "System Access",
                "Application Role",
                "Data Access",
                "Administrative Rights",
                "License",
                "Group Membership",
                "API Access",
            ],
        ),
        (
            "Entitlement Category",
            &[
                "User Access",
                "Administrative Access",
                "Service Account",
                "Privileged Access",
                "Read Only",
                "Read Write",
                "Full Control",
            ],
        ),
        (
            "Assignment Status",
            &[
                "Pending Activation",
                "Active",
                "Suspended",
                "Expired",
                "Revoked",
                "Under Review",
            ],
        ),
        (
            "Assignment Type",
            &[
                "Permanent",
                "Temporary",
                "Emergency",
                "Project Based",
                "Role Based",
            ],
        ),
        (
            "Review Status",
            &[
                "Current",
                "Review Required",
                "Under Review",
                "Approved",
                "Revoked",
            ],
        ),
        (
            "Verification Status",
            &["Unverified", "Verified Present", "Verified Absent", "Drift"],
        ),
        (
            "Fulfillment Status",
            &[
                "Not Started",
                "In Progress",
                "Partially Fulfilled",
                "Fulfilled",
                "Failed",
                "Cancelled",
            ],
        ),
        (
            "Catalog Item Category",
            &[
                "Hardware",
                "Software",
                "Access",
                "Licenses",
                "Services",
                "Infrastructure",
                "Cloud Resources",
                "Support",
            ],
        ),
        ("Catalog Status", &["Draft", "Published", "Retired"]),
        (
            "Criticality",
            &[
                "Mission Critical",
                "Mission Essential",
                "Business Important",
                "Low",
            ],
        ),
        (
            "Lifecycle Stage",
            &[
                "Planning",
                "Development",
                "Implementation",
                "Operations and Maintenance",
                "Disposal",
            ],
        ),
        (
            "Operational Status",
            &[
                "Planned",
                "Operational",
                "Degraded",
                "Under Maintenance",
                "Non-Operational",
                "Retired",
            ],
        ),
        (
            "Hosting Type",
            &[
                "On Premises",
                "Co-Location",
                "Public Cloud",
                "Private Cloud",
                "Hybrid Cloud",
                "Managed Hosting",
                "Software as a Service",
            ],
        ),
        (
            "Environment Type",
            &[
                "Production",
                "Development",
                "Test",
                "Staging",
                "Quality Assurance",
                "Training",
                "Sandbox",
                "Disaster Recovery",
            ],
        ),
        ("Visibility", &["Public", "Internal", "Restricted"]),
        ("Impact Level", &["Low", "Moderate", "High"]),
        (
            "Technology Category",
            &[
                "Operating System",
                "Database Engine",
                "Framework",
                "Runtime",
                "Protocol",
                "Security Standard",
                "Tool",
                "Platform",
            ],
        ),
        (
            "Technology Status",
            &[
                "Approved",
                "Evaluation",
                "Deprecated",
                "Restricted",
                "End of Life",
                "Not Approved",
            ],
        ),
        (
            "Accreditation Type",
            &[
                "Authority to Operate (ATO)",
                "Authorization to Use",
                "Common Control Authorization",
                "Interim Authority to Test",
                "Interim Authority to Operate",
                "Provisional Authorization",
                "Denial of Authorization",
                "Certification",
                "Self Assessment",
            ],
        ),
        (
            "Accreditation Status",
            &[
                "Not Started",
                "In Progress",
                "Accredited",
                "Conditionally Accredited",
                "Denied",
                "Expired",
                "Under Review",
            ],
        ),
        ("Baseline", &["Low", "Moderate", "High", "Privacy"]),
        (
            "Compliance Status",
            &[
                "Not Assessed",
                "Compliant",
                "Partially Compliant",
                "Non-Compliant",
                "Not Applicable",
            ],
        ),
        (
            "Risk Level",
            &["Very Low", "Low", "Moderate", "High", "Very High"],
        ),
        (
            "Risk Response",
            &["Accept", "Mitigate", "Transfer", "Avoid"],
        ),
        ("Risk Status", &["Open", "Monitoring", "Closed"]),
        (
            "Risk Category",
            &[
                "Security",
                "Privacy",
                "Operational",
                "Compliance",
                "Supply Chain",
            ],
        ),
        (
            "Assessment Type",
            &[
                "Security Assessment",
                "Compliance Audit",
                "Vulnerability Assessment",
                "Penetration Test",
                "Architecture Review",
                "Code Review",
                "Configuration Review",
                "Annual Review",
            ],
        ),
        (
            "Assessment Status",
            &[
                "Planned",
                "In Progress",
                "Completed",
                "Under Review",
                "Approved",
                "Remediation Required",
            ],
        ),
        ("Assessment Method", &["Examine", "Interview", "Test"]),
        ("Severity Level", &["Critical", "High", "Moderate", "Low"]),
        (
            "Finding Type",
            &[
                "Security Control Gap",
                "Policy Violation",
                "Configuration Issue",
                "Vulnerability",
                "Process Deficiency",
                "Documentation Gap",
                "Architecture Issue",
            ],
        ),
        (
            "Mitigation Status",
            &[
                "Not Started",
                "In Progress",
                "Risk Accepted",
                "Completed",
                "Verified",
                "Cancelled",
            ],
        ),
        (
            "Deviation Type",
            &[
                "None",
                "Risk Adjustment",
                "False Positive",
                "Operational Requirement",
            ],
        ),
        (
            "Incident Status",
            &[
                "New",
                "In Progress",
                "On Hold",
                "Resolved",
                "Closed",
                "Cancelled",
            ],
        ),
        (
            "Resolution Code",
            &[
                "Solved (Workaround)",
                "Solved (Permanently)",
                "Not Reproducible",
                "Duplicate",
                "Cancelled",
            ],
        ),
        (
            "Problem Status",
            &["New", "Investigating", "Known Error", "Resolved", "Closed"],
        ),
        ("Change Type", &["Standard", "Normal", "Emergency"]),
        (
            "Change Status",
            &[
                "Draft",
                "Assessment",
                "Authorized",
                "Scheduled",
                "Implementing",
                "Review",
                "Closed",
                "Cancelled",
            ],
        ),
        (
            "Reviewer Type",
            &[
                "Manager",
                "System Owner",
                "Information Security Officer",
                "Authorizing Official",
                "Change Advisory Board",
                "Resource Owner",
            ],
        ),
        // Steward's own: the system `state` column, and access control.
        ("Record State", &["Active", "Inactive"]),
        ("Auth Source", &["Local", "OpenID Connect", "SCIM"]),
        ("Token Scope", &["Read", "Write", "Admin"]),
        (
            "Privilege",
            &["Read", "Create", "Write", "Delete", "Assign", "Share"],
        ),
        (
            "Privilege Depth",
            &["None", "User", "Unit", "Unit and Below", "Organization"],
        ),
        // The web UI's colour theme: the system's (light or dark), or one chosen.
        ("Theme", &["System", "Light", "Dark"]),
        // The kinds of mail a person may turn off (user_preference.mail_off). The mails an auditor
        // needs — an approval waiting for its reviewer, a breached service level — are not here.
        // What a webhook subscription is told of.
        (
            "Webhook Event",
            &[
                "Record Created",
                "Transition Taken",
                "SLA Breached",
                "Approval Decided",
            ],
        ),
        (
            "Mail Kind",
            &["Request Progress", "Assignment", "SLA Warning"],
        ),
        // How one configuration item relates to another (`ci_relation`): "source <type> target".
        (
            "CI Relation Type",
            &["Depends On", "Runs On", "Hosted In", "Connects To"],
        ),
    ];
    sets.iter()
        .map(|(label, labels)| ChoiceSet::new(label, labels))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_lower_snake_case_of_labels() {
        assert_eq!(
            choice_code("Controlled Unclassified (CUI)"),
            "controlled_unclassified_cui"
        );
        assert_eq!(choice_code("Walk-in"), "walk_in");
        assert_eq!(choice_code("Non-Compliant"), "non_compliant");
        assert_eq!(choice_code("IT Request Type"), "it_request_type");
        assert_eq!(choice_code("Solved (Workaround)"), "solved_workaround");
    }

    #[test]
    fn every_set_has_distinct_codes() {
        for set in all() {
            let mut codes: Vec<_> = set.choices.iter().map(|c| c.code.clone()).collect();
            codes.sort();
            codes.dedup();
            assert_eq!(codes.len(), set.choices.len(), "{}", set.name);
        }
    }
}
