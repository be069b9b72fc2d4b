//! The rules of the processes that need more than the built-in declaration or more than one
//! caller: an approval stage every reviewer must grant ("all"), and workflow-owned fields posted
//! through the web forms by every built-in role.
