def none
end

def plain(a, b)
end

def all(a, b = 1, *rest, key:, opt: 2, **options, &block)
end

def no_parens a, b
end
