let names = CommandLine.arguments
if !names.isEmpty {
    for n in names {
        if !n.isEmpty {
            print(n)
        }
    }
}

func twice(_ x: Int) -> Int {
    return x > 0 ? x * 2 : 0
}
