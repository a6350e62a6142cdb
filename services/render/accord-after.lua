-- The project's second filter, run after citeproc has written citations and references.
--
-- * Right-to-left documents: a reference written in Latin script is set left to right
--   (its full stop at its end, its words in their order), in the PDF as in the DOCX.
-- * Chinese: citations in full-width parentheses, with no space before them, as Chinese
--   text sets every parenthesis.
--
-- Settings come, as for the first filter, from the ACCORD_RENDER environment variable:
--   {"rtl": true, "language": "zh"}

local config = pandoc.json.decode(os.getenv("ACCORD_RENDER") or "{}", false)
local rtl = config.rtl or false
local chinese = config.language == "zh"

local function has_arabic(text)
  -- U+0600-U+06FF in UTF-8: lead bytes D8-DB.
  return text:find("[\216-\219][\128-\191]") ~= nil
end

local function ltr_entry(div)
  if has_arabic(pandoc.utils.stringify(div)) then
    return nil
  end
  if FORMAT == "typst" then
    return pandoc.Blocks({
      pandoc.RawBlock("typst", "#[#set text(dir: ltr)\n#set par(justify: false)"),
      div,
      pandoc.RawBlock("typst", "]"),
    })
  end
  div.attributes.dir = "ltr"
  return div
end

local function references(div)
  if div.identifier ~= "refs" then
    return nil
  end
  if FORMAT == "typst" then
    -- In Typst the entries leave the references' own block: a left-to-right scope
    -- inside a right-to-left block is shifted by the block's (right-to-left) line.
    local out = pandoc.Blocks({})
    for _, entry in ipairs(div.content) do
      if entry.t == "Div" and entry.identifier:match("^ref%-") then
        out:extend(ltr_entry(entry) or pandoc.Blocks({entry}))
      else
        out:insert(entry)
      end
    end
    return out
  end
  div.content = div.content:walk({
    Div = function(entry)
      if entry.identifier:match("^ref%-") then
        return ltr_entry(entry)
      end
    end,
  })
  return div
end

local function full_width(cite)
  local first, last = cite.content[1], cite.content[#cite.content]
  if first and first.t == "Str" and first.text:sub(1, 1) == "(" then
    first.text = "（" .. first.text:sub(2)
  end
  if last and last.t == "Str" and last.text:sub(-1) == ")" then
    last.text = last.text:sub(1, -2) .. "）"
  end
  return cite
end

local function chinese_citations(inlines)
  local out = pandoc.Inlines({})
  for i, inline in ipairs(inlines) do
    local following = inlines[i + 1]
    local before_cite = following and following.t == "Cite"
    if not (inline.t == "Space" and before_cite) then
      out:insert(inline.t == "Cite" and full_width(inline) or inline)
    end
  end
  return out
end

-- French: citeproc writes "no" as "n" and U+1D52 (a modifier letter o), which no font of
-- the PDF has; a superscript o is the same mark, in every font.
local function modifier_o(str)
  local text = str.text
  if not text:find("\u{1D52}", 1, true) then
    return nil
  end
  local out = pandoc.Inlines({})
  for piece, mark in (text .. "\u{1D52}"):gmatch("(.-)(\u{1D52})") do
    if piece ~= "" then
      out:insert(pandoc.Str(piece))
    end
    out:insert(pandoc.Superscript({pandoc.Str("o")}))
  end
  out:remove(#out)
  return out
end

local filters = {{Str = modifier_o}}
if rtl then
  table.insert(filters, {Div = references})
end
if chinese then
  table.insert(filters, {Inlines = chinese_citations})
end
return filters
