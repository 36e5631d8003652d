require "json"

if ARGV.any?
  ARGV.each do |arg|
    unless arg.empty?
      puts arg
    end
  end
end

def helper(x)
  x ? 1 : 0
end
