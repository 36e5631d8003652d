class Broken {
    func good(_ a: Int) -> Int {
        if a > 0 {
            return 1
        }
        return 0
    }

    func bad(_ a: Int) {
        let x =
    }

    func alsoGood(_ b: Int) -> Int {
        var c = b
        while c > 0 {
            c -= 1
        }
        return c
    }
}
