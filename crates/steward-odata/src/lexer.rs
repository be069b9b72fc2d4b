//! Tokens of a `$filter` expression, each with its 0-based character position.

use crate::literal::{datetime, is_date, is_uuid};
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
    /// 0-based character offset of the token's first character.
    pub pos: usize,
    /// The text as written, for messages.
    pub text: String,
}

impl Token {
    pub fn is_word(&self, w: &str) -> bool {
        matches!(&self.tok, Tok::Word(x) if x == w)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// What an unquoted run of characters is: a name, or a literal. An error is a message.
fn classify(word: &str) -> Result<Tok, String> {
    if word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && word.chars().all(is_word_char)
    {
        if word.ends_with('.') || word.contains("..") {
            return Err(format!("'{word}' is not a name"));
        }
        return Ok(Tok::Word(word.to_string()));
    }
    if is_uuid(word) {
        return Ok(Tok::Lit(Literal::Uuid(word.to_ascii_lowercase())));
    }
    if is_date(word) {
        return Ok(Tok::Lit(Literal::Date(word.to_string())));
    }
    if let Some(dt) = datetime(word) {
        return Ok(Tok::Lit(Literal::DateTime(dt)));
    }
    let unsigned = word.strip_prefix('-').unwrap_or(word);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return word
            .parse::<i64>()
            .map(|i| Tok::Lit(Literal::Int(i)))
            .map_err(|_| format!("the number {word} is too large"));
    }
    if let Some((a, b)) = unsigned.split_once('.') {
        if !a.is_empty() && !b.is_empty() && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
        {
            return Ok(Tok::Lit(Literal::Decimal(word.to_string())));
        }
    }
    if word.contains('-') && word.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "'{word}' is not a valid date (YYYY-MM-DD), instant (2024-05-01T10:00:00Z) or UUID"
        ));
    }
    Err(format!("'{word}' is neither a name nor a value"))
}

/// Split `text` into tokens; an error is (position, message).
pub fn lex(text: &str) -> Result<Vec<Token>, (usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let single = match c {
            '(' => Some(Tok::Open),
            ')' => Some(Tok::Close),
            ',' => Some(Tok::Comma),
            '/' => Some(Tok::Slash),
            _ => None,
        };
        if let Some(tok) = single {
            out.push(Token {
                tok,
                pos: i,
                text: c.to_string(),
            });
            i += 1;
            continue;
        }
        match c {
            c if c.is_whitespace() => i += 1,
            '\'' => {
                let start = i;
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err((
                                start,
                                "the string that starts here is not closed with a quote (')".into(),
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
                out.push(Token {
                    tok: Tok::Str(s),
                    pos: start,
                    text: chars[start..i].iter().collect(),
                });
            }
            c if is_word_char(c) || c == '-' => {
                let start = i;
                while i < chars.len()
                    && (is_word_char(chars[i]) || matches!(chars[i], '-' | ':' | '+'))
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let tok = classify(&word).map_err(|m| (start, m))?;
                out.push(Token {
                    tok,
                    pos: start,
                    text: word,
                });
            }
            other => {
                let hint = match other {
                    '=' | '<' | '>' => " (comparisons are written eq, ne, gt, ge, lt, le)",
                    '"' => " (strings are quoted with ')",
                    '&' | '|' | '!' => " (use and, or, not)",
                    _ => "",
                };
                return Err((i, format!("unexpected character '{other}'{hint}")));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(Tok, usize)> {
        lex(text)
            .unwrap()
            .into_iter()
            .map(|t| (t.tok, t.pos))
            .collect()
    }

    #[test]
    fn tokens_and_positions() {
        use Tok::*;
        assert_eq!(
            toks("a/b eq 'it''s' and(x,-3)"),
            vec![
                (Word("a".into()), 0),
                (Slash, 1),
                (Word("b".into()), 2),
                (Word("eq".into()), 4),
                (Str("it's".into()), 7),
                (Word("and".into()), 15),
                (Open, 18),
                (Word("x".into()), 19),
                (Comma, 20),
                (Lit(Literal::Int(-3)), 21),
                (Close, 23),
            ]
        );
        assert_eq!(
            toks("'ü' 1.50 2024-05-01 2024-05-01T10:00Z ABCDEF01-0000-7000-8000-000000000001 Ns.T'x'"),
            vec![
                (Str("ü".into()), 0),
                (Lit(Literal::Decimal("1.50".into())), 4),
                (Lit(Literal::Date("2024-05-01".into())), 9),
                (Lit(Literal::DateTime("2024-05-01T10:00:00Z".into())), 20),
                (
                    Lit(Literal::Uuid("abcdef01-0000-7000-8000-000000000001".into())),
                    38
                ),
                (Word("Ns.T".into()), 75),
                (Str("x".into()), 79),
            ]
        );
    }

    #[test]
    fn lexical_errors_name_the_position() {
        let cases = [
            ("'é' é", 4),
            ("name = 'x'", 5),
            ("name eq 'x", 8),
            ("x eq 99999999999999999999", 5),
            ("x eq 2024-02-30", 5),
            ("x eq 1.", 5),
            ("x eq a..b", 5),
            ("x eq \"y\"", 5),
            ("x eq @", 5),
            ("x eq 12ab", 5),
        ];
        for (input, pos) in cases {
            assert_eq!(lex(input).unwrap_err().0, pos, "{input}");
        }
    }
}
