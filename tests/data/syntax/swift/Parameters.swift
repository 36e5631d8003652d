class Parameters {
    init(a: Int, b: String = "") {}

    func none() {}

    func three(_ a: Int, label b: String = "", rest: Int...) {}

    func generic<T>(item: T, transform: (T) -> T = { $0 }) {}

    subscript(index: Int) -> Int {
        return index
    }
}
