//! Ground floor: failures of the operating system and of the JSON parser as facts — a kind
//! taken from `std::io::ErrorKind` or serde_json's error, the system's own words kept aside —
//! so that each place that shows one says it in the reader's language (`找不到文件`).

use std::fmt;

use crate::diag::Lang;

/// What the operating system said went wrong, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoKind {
    /// There is no such file or folder.
    NotFound,
    /// The file may not be read or written by this user.
    PermissionDenied,
    /// A folder was given where a file is needed.
    IsADirectory,
    /// A part of the path that should be a folder is a file.
    NotADirectory,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The disk is full.
    StorageFull,
    /// The file system is read-only.
    ReadOnly,
    /// The file is too large for the system.
    TooLarge,
    /// The file to create is there already.
    AlreadyExists,
    /// Something else; the system's words say what.
    Other,
}

/// A failure of the operating system: its kind, and the system's own words (English, as the
/// system gives them) for the kinds without words of rung's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoFailure {
    /// What went wrong.
    pub kind: IoKind,
    /// The system's description, such as `No such file or directory (os error 2)`.
    pub os: Box<str>,
}

impl IoFailure {
    /// The failure of an I/O error. Reading text that is not UTF-8 (`InvalidData`, as
    /// `read_to_string` reports it) is [`IoKind::NotUtf8`].
    pub fn new(e: &std::io::Error) -> IoFailure {
        use std::io::ErrorKind as K;
        let kind = match e.kind() {
            K::NotFound => IoKind::NotFound,
            K::PermissionDenied => IoKind::PermissionDenied,
            K::IsADirectory => IoKind::IsADirectory,
            K::NotADirectory => IoKind::NotADirectory,
            K::InvalidData => IoKind::NotUtf8,
            K::StorageFull => IoKind::StorageFull,
            K::ReadOnlyFilesystem => IoKind::ReadOnly,
            K::FileTooLarge => IoKind::TooLarge,
            K::AlreadyExists => IoKind::AlreadyExists,
            _ => IoKind::Other,
        };
        IoFailure {
            kind,
            os: e.to_string().into(),
        }
    }

    /// A failure of this kind, with no words of the system's.
    pub fn of(kind: IoKind) -> IoFailure {
        IoFailure {
            kind,
            os: Box::default(),
        }
    }

    /// What went wrong, in the language asked for: `找不到文件`, `no such file or directory`.
    pub fn words(&self, lang: Lang) -> String {
        let (zh, en) = match self.kind {
            IoKind::NotFound => ("找不到文件", "no such file or directory"),
            IoKind::PermissionDenied => ("没有读写权限", "permission denied"),
            IoKind::IsADirectory => ("这是文件夹,不是文件", "is a directory, not a file"),
            IoKind::NotADirectory => (
                "路径中有一段不是文件夹",
                "a part of the path is not a directory",
            ),
            IoKind::NotUtf8 => ("内容不是 UTF-8 文本", "not UTF-8 text"),
            IoKind::StorageFull => ("磁盘已满", "no space left on the device"),
            IoKind::ReadOnly => ("文件系统只读", "read-only file system"),
            IoKind::TooLarge => ("文件太大", "file too large"),
            IoKind::AlreadyExists => ("文件已存在", "the file exists already"),
            IoKind::Other if self.os.is_empty() => ("系统错误", "system error"),
            IoKind::Other => {
                return lang.fmt(format!("系统错误({})", self.os), &self.os);
            }
        };
        lang.pick(zh, en).to_string()
    }
}

impl From<&std::io::Error> for IoFailure {
    fn from(e: &std::io::Error) -> IoFailure {
        IoFailure::new(e)
    }
}

/// A failure known only by the system's words (of kind [`IoKind::Other`]).
impl From<&str> for IoFailure {
    fn from(os: &str) -> IoFailure {
        IoFailure {
            kind: IoKind::Other,
            os: os.into(),
        }
    }
}

/// In English, as the library's `Display`s speak.
impl fmt::Display for IoFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

/// What serde_json found wrong in a JSON text, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    /// The text ended inside a value (a list, an object, a string, or before any value).
    Unfinished,
    /// `:` was expected after a key.
    ExpectedColon,
    /// `,` or `]` was expected in a list.
    ExpectedCommaOrBracket,
    /// `,` or `}` was expected in an object.
    ExpectedCommaOrBrace,
    /// `true`, `false` or `null` was begun and not finished.
    ExpectedWord,
    /// A value was expected.
    ExpectedValue,
    /// `"` was expected.
    ExpectedQuote,
    /// A key is not a quoted string.
    KeyNotString,
    /// A `\` escape is not one JSON has, or a `\u` escape is broken.
    BadEscape,
    /// A number is malformed or out of range.
    BadNumber,
    /// A control character (U+0000–U+001F) stands inside a string.
    ControlCharacter,
    /// A comma before `]` or `}`.
    TrailingComma,
    /// More text after the JSON value.
    TrailingCharacters,
    /// Lists and objects nested too deep.
    TooDeep,
    /// Something else (a value of the wrong shape, a failure to read); the parser's words say
    /// what.
    Other,
}

/// A problem serde_json found: its kind and its own words (English), without the position,
/// which each reader counts itself (in characters, from the right line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonProblem {
    /// What is wrong.
    pub kind: JsonKind,
    /// serde_json's description, such as `expected value`.
    pub parser: Box<str>,
}

impl JsonProblem {
    /// The problem of a serde_json error. serde_json exposes only the category of its error
    /// (syntax, data, end of input, I/O) and its message; the kind is read from the category
    /// and, for syntax errors, from serde_json's fixed descriptions, each written in one place
    /// of its `error.rs`. A description this table does not know is kept as [`JsonKind::Other`]
    /// with its words.
    pub fn new(e: &serde_json::Error) -> JsonProblem {
        let full = e.to_string();
        let parser = match full.rsplit_once(" at line ") {
            Some((d, _)) => d,
            None => full.as_str(),
        };
        let kind = match e.classify() {
            serde_json::error::Category::Eof => JsonKind::Unfinished,
            serde_json::error::Category::Syntax => syntax_kind(parser),
            serde_json::error::Category::Data | serde_json::error::Category::Io => JsonKind::Other,
        };
        JsonProblem {
            kind,
            parser: parser.into(),
        }
    }

    /// What is wrong, in the language asked for; in English, serde_json's own words.
    pub fn words(&self, lang: Lang) -> String {
        let zh = match self.kind {
            JsonKind::Unfinished => "JSON 没有写完(缺少结尾的 `]`、`}` 或 `\"`)",
            JsonKind::ExpectedColon => "这里应是 `:`",
            JsonKind::ExpectedCommaOrBracket => "这里应是 `,` 或 `]`",
            JsonKind::ExpectedCommaOrBrace => "这里应是 `,` 或 `}`",
            JsonKind::ExpectedWord => "这里应是 `true`、`false` 或 `null`",
            JsonKind::ExpectedValue => "这里应是一个值(文字要加双引号)",
            JsonKind::ExpectedQuote => "这里应是 `\"`",
            JsonKind::KeyNotString => "键必须是带双引号的文字",
            JsonKind::BadEscape => "无效的转义符 `\\`",
            JsonKind::BadNumber => "无效的数字",
            JsonKind::ControlCharacter => "文字中有控制字符(如换行、制表符),请写作 `\\n`、`\\t`",
            JsonKind::TrailingComma => "多余的逗号",
            JsonKind::TrailingCharacters => "JSON 值之后还有多余的内容",
            JsonKind::TooDeep => "嵌套太深",
            JsonKind::Other => {
                return lang.fmt(format!("JSON 错误({})", self.parser), &self.parser);
            }
        };
        lang.fmt(zh, &self.parser)
    }
}

/// The 1-based column in characters of serde_json's 1-based column in bytes on line `line`
/// (1-based) of `text`.
pub fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(l) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column;
    };
    let before = byte_column.saturating_sub(1);
    l.char_indices().take_while(|(i, _)| *i < before).count() + 1
}

/// The kind of a syntax error, from serde_json's description of it.
fn syntax_kind(parser: &str) -> JsonKind {
    match parser {
        "expected `:`" => JsonKind::ExpectedColon,
        "expected `,` or `]`" => JsonKind::ExpectedCommaOrBracket,
        "expected `,` or `}`" => JsonKind::ExpectedCommaOrBrace,
        "expected ident" => JsonKind::ExpectedWord,
        "expected value" => JsonKind::ExpectedValue,
        "expected `\"`" => JsonKind::ExpectedQuote,
        "key must be a string" => JsonKind::KeyNotString,
        "invalid escape"
        | "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => JsonKind::BadEscape,
        "invalid number" | "number out of range" => JsonKind::BadNumber,
        "trailing comma" => JsonKind::TrailingComma,
        "trailing characters" => JsonKind::TrailingCharacters,
        "recursion limit exceeded" => JsonKind::TooDeep,
        p if p.starts_with("control character") => JsonKind::ControlCharacter,
        _ => JsonKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> JsonProblem {
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        JsonProblem::new(&e)
    }

    /// Every syntax error serde_json gives is known by kind, so none falls back to English.
    #[test]
    fn each_json_mistake_has_its_kind() {
        let cases = [
            (r#"{"a" 1}"#, JsonKind::ExpectedColon),
            ("[1 2]", JsonKind::ExpectedCommaOrBracket),
            (r#"{"a": 1 "b": 2}"#, JsonKind::ExpectedCommaOrBrace),
            ("[tru]", JsonKind::ExpectedWord),
            (r#"{"a": 张三}"#, JsonKind::ExpectedValue),
            ("{a: 1}", JsonKind::KeyNotString),
            (r#""\q""#, JsonKind::BadEscape),
            (r#""\ud800x""#, JsonKind::BadEscape),
            ("[1e999]", JsonKind::BadNumber),
            ("-x", JsonKind::BadNumber),
            ("\"a\tb\"", JsonKind::ControlCharacter),
            ("[1,]", JsonKind::TrailingComma),
            ("{} x", JsonKind::TrailingCharacters),
            ("[[[[", JsonKind::Unfinished),
            (
                &format!("{}1{}", "[".repeat(200), "]".repeat(200)),
                JsonKind::TooDeep,
            ),
            (r#"{"a": [1, 2"#, JsonKind::Unfinished),
            ("", JsonKind::Unfinished),
        ];
        for (text, kind) in cases {
            let p = problem(text);
            assert_eq!(p.kind, kind, "{text}: {}", p.parser);
            assert!(!p.words(Lang::Zh).contains("JSON 错误("), "{text}");
        }
        let p = problem(r#"{"a": 张三}"#);
        assert_eq!(p.words(Lang::Zh), "这里应是一个值(文字要加双引号)");
        assert_eq!(p.words(Lang::En), "expected value");
    }

    #[test]
    fn io_failures_are_said_by_kind() {
        let missing = std::fs::read("/no/such/file/for/rung").unwrap_err();
        let f = IoFailure::new(&missing);
        assert_eq!(f.kind, IoKind::NotFound);
        assert_eq!(f.words(Lang::Zh), "找不到文件");
        assert_eq!(f.words(Lang::En), "no such file or directory");
        let dir = std::fs::read_to_string(".").unwrap_err();
        assert_eq!(IoFailure::new(&dir).words(Lang::Zh), "这是文件夹,不是文件");
        let bad = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        );
        assert_eq!(IoFailure::new(&bad).words(Lang::Zh), "内容不是 UTF-8 文本");
        let other = std::io::Error::other("something odd");
        assert_eq!(
            IoFailure::new(&other).words(Lang::Zh),
            "系统错误(something odd)"
        );
        assert_eq!(IoFailure::new(&other).words(Lang::En), "something odd");
    }
}
