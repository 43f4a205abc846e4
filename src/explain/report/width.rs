//! Explain stage: how wide text shows in a fixed-width grid, such as a spreadsheet's column:
//! East Asian wide and full-width characters (汉字, 全角 letters and punctuation, Hangul, kana)
//! count two, others one.

/// The width of text: two for each wide or full-width character, one for the others; a line
/// break starts again, and the widest line counts.
pub fn display_width(text: &str) -> usize {
    text.split('\n')
        .map(|line| line.chars().map(char_width).sum::<usize>())
        .max()
        .unwrap_or(0)
}

/// One character's width: 2 when it is East Asian wide or full-width, else 1.
pub fn char_width(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F        // Hangul Jamo
        | 0x2E80..=0x303E      // CJK radicals, punctuation (、。「」)
        | 0x3041..=0x33FF      // kana, CJK compatibility
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xA000..=0xA4CF      // Yi
        | 0xAC00..=0xD7A3      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFE30..=0xFE4F      // CJK compatibility forms
        | 0xFF00..=0xFF60      // full-width forms (,:())
        | 0xFFE0..=0xFFE6      // full-width signs
        | 0x1F300..=0x1F64F    // pictographs
        | 0x20000..=0x3FFFD    // CJK extensions B and later
    );
    if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::display_width;

    #[test]
    fn chinese_counts_double_and_ascii_single() {
        assert_eq!(display_width("E1001"), 5);
        assert_eq!(display_width("林晓雯"), 6);
        assert_eq!(display_width("中(一)级客服(一般)"), 18);
        assert_eq!(display_width("初级客服\u{FF08}良好\u{FF09}"), 16);
        assert_eq!(display_width("ab\n汉字汉字"), 8);
        assert_eq!(display_width(""), 0);
    }
}
