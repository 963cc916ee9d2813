/// A 3x5 block font for digits and a few symbols used on the synthetic test card.
enum BlockFont {
    /// Rows top to bottom; bit 2 is the left column.
    static func rows(for c: Character) -> (UInt8, UInt8, UInt8, UInt8, UInt8)? {
        switch c {
        case "0": return (0b111, 0b101, 0b101, 0b101, 0b111)
        case "1": return (0b010, 0b110, 0b010, 0b010, 0b111)
        case "2": return (0b111, 0b001, 0b111, 0b100, 0b111)
        case "3": return (0b111, 0b001, 0b111, 0b001, 0b111)
        case "4": return (0b101, 0b101, 0b111, 0b001, 0b001)
        case "5": return (0b111, 0b100, 0b111, 0b001, 0b111)
        case "6": return (0b111, 0b100, 0b111, 0b101, 0b111)
        case "7": return (0b111, 0b001, 0b010, 0b010, 0b010)
        case "8": return (0b111, 0b101, 0b111, 0b101, 0b111)
        case "9": return (0b111, 0b101, 0b111, 0b001, 0b111)
        case ":": return (0b000, 0b010, 0b000, 0b010, 0b000)
        case ".": return (0b000, 0b000, 0b000, 0b000, 0b010)
        case "F": return (0b111, 0b100, 0b110, 0b100, 0b100)
        case "B": return (0b110, 0b101, 0b110, 0b101, 0b110)
        default: return nil
        }
    }

    /// Width of one character cell including spacing, in font cells.
    static let advance = 4
    /// Height of a character in font cells.
    static let height = 5
}
