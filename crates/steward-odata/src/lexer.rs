//! Tokens of a `$filter` expression, each with its 0-based character position.

use crate::Literal;

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// An identifier or keyword (`name`, `and`, `Steward.RiskLevel`).
    Word(String),
    /// A quoted string, unescaped.
    Str(String),
    /// An unquoted literal: number, date, instant or UUID.
    Lit(Literal),
    Open,
    Close,
    Comma,
    Slash,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: usize,
    /// The text as written, for messages.
    pub text: String,
}

fn classify(word: &str) -> Option<Tok> {
    if word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !crate::is_uuid(word)
    {
        return Some(Tok::Word(word.to_string()));
    }
    if crate::is_uuid(word) {
        return Some(Tok::Lit(Literal::Uuid(word.to_ascii_lowercase())));
    }
    if crate::is_date(word) {
        return Some(Tok::Lit(Literal::Date(word.to_string())));
    }
    if crate::is_datetime(word) {
        return Some(Tok::Lit(Literal::DateTime(word.to_string())));
    }
    let digits = word.strip_prefix('-').unwrap_or(word);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return word.parse::<i64>().ok().map(|i| Tok::Lit(Literal::Int(i)));
    }
    if let Some((a, b)) = digits.split_once('.') {
        if !a.is_empty() && !b.is_empty() && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
        {
            return Some(Tok::Lit(Literal::Decimal(word.to_string())));
        }
    }
    None
}

/// Split `text` into tokens; an error is (position, message).
pub fn lex(text: &str) -> Result<Vec<Token>, (usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let single = |tok| Token {
            tok,
            pos: i,
            text: c.to_string(),
        };
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(single(Tok::Open));
                i += 1;
            }
            ')' => {
                out.push(single(Tok::Close));
                i += 1;
            }
            ',' => {
                out.push(single(Tok::Comma));
                i += 1;
            }
            '/' => {
                out.push(single(Tok::Slash));
                i += 1;
            }
            '\'' => {
                let start = i;
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err((
                                start,
                                "the string that starts here is not closed with '".into(),
                            ))
                        }
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            s.push(*ch);
                            i += 1;
                        }
                    }
                }
                let text: String = chars[start..i].iter().collect();
                out.push(Token {
                    tok: Tok::Str(s),
                    pos: start,
                    text,
                });
            }
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric()
                        || matches!(chars[i], '_' | '-' | '.' | ':' | '+'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let tok = classify(&word)
                    .ok_or((start, format!("'{word}' is neither a name nor a value")))?;
                out.push(Token {
                    tok,
                    pos: start,
                    text: word,
                });
            }
            other => return Err((i, format!("unexpected '{other}'"))),
        }
    }
    Ok(out)
}
