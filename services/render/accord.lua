-- The project's own pandoc filter (trusted code, unlike the text it filters).
--
-- * Headings written by authors nest under their section's heading: in each section
--   the highest level the author used becomes level 2, the others keep their distance
--   from it (so "#"/"##" and "##"/"###" both give 2/3).
-- * An image is shown only when the renderer was given it under that exact name;
--   any other image (a path, a URL) becomes a short "image not available" note.
-- * Raw TeX/HTML/Typst/OpenXML never survives, whatever extension produced it.
-- * When citeproc does not run (no bibliography), a citation stays the text written.
-- * Tables and figures get the house labels ("Table 1", "Figure I"), the same in every
--   format, so that Typst's own numbering is off and the DOCX has them too.
-- * With numbered paragraphs, every paragraph of running text (not in lists, tables,
--   notes or captions) starts with its number, counted through the whole document.
--
-- * A citation of a practice, `{practice:key}`, becomes a link to its entry in the annex
--   ("(Practice 3)"); one of a practice not verified, or of no known practice, is
--   printed marked (drafts only: a final version with such a citation is refused).
--
-- Its settings come as JSON in the ACCORD_RENDER environment variable:
--   {"dir": "...", "missing": "...", "images": {"map.png": {"file": "...", "mime": "..."}}}

local config = pandoc.json.decode(os.getenv("ACCORD_RENDER") or "{}", false)
local images = config.images or {}
local missing = config.missing or "image not available"
local citations = config.citations or false
local SECTION_CLASS = "accord-section"
-- The labels of the first tables and figures, made by the renderer in the document's
-- language (numerals differ: "Figure I", "图一", "الشكل الأول"); past them, word and number.
local table_labels = config.table_labels or {}
local figure_labels = config.figure_labels or {}
local numbered_paragraphs = config.numbered_paragraphs or false
local practices = config.practices or {}
local practice_unknown = config.practice_unknown or "[unknown practice {key}]"
-- Set when the renderer converts sections to be cached and joined later (segments.py):
-- the format the pieces are for (their conversion may go through JSON first), a mark
-- before each section so that one run's output can be cut into sections, and labels as
-- placeholders numbered when the pieces are joined, so that a piece does not depend on
-- how many tables came before it.
local format = config.format or FORMAT
local segment_mark = config.segment_mark
local placeholders = config.placeholders or false

local function is_section(block)
  return block.t == "Header" and block.classes:includes(SECTION_CLASS)
end

local function nest(blocks)
  local top = nil
  blocks:walk({Header = function(h) top = math.min(top or h.level, h.level) end})
  if top == nil then
    return blocks
  end
  return blocks:walk({Header = function(h)
    h.level = math.min(h.level - top + 2, 6)
    return h
  end})
end

local function nest_sections(doc)
  local out = pandoc.Blocks({})
  local run = pandoc.Blocks({})
  for _, block in ipairs(doc.blocks) do
    if is_section(block) then
      out:extend(nest(run))
      if segment_mark then
        out:insert(pandoc.RawBlock(format, segment_mark))
      end
      out:insert(block)
      run = pandoc.Blocks({})
    else
      run:insert(block)
    end
  end
  out:extend(nest(run))
  doc.blocks = out
  return doc
end

local function Image(img)
  local allowed = images[img.src]
  if allowed == nil then
    local note = pandoc.List({pandoc.Str("[" .. missing)})
    if #img.caption > 0 then
      note:insert(pandoc.Str(":"))
      note:insert(pandoc.Space())
      note:extend(img.caption)
    end
    note:insert(pandoc.Str("]"))
    return pandoc.Emph(note)
  end
  if format == "docx" then
    -- The docx writer takes images from the media bag, so it never opens a path.
    local handle = assert(io.open(config.dir .. "/" .. allowed.file, "rb"))
    local data = handle:read("a")
    handle:close()
    pandoc.mediabag.insert(allowed.file, allowed.mime, data)
  end
  img.src = allowed.file
  return img
end

local function drop(_)
  return {}
end

local function Cite(cite)
  if not citations then
    return cite.content
  end
end

-- The label on a line of its own above the caption's words, as UN tables and figures
-- are set: "Table 1" / "Selected practices". Tables count in arabic numerals and figures
-- in roman ones, each series on its own (Editorial Manual, "Tables", "Maps and figures").
local function labelled(label, blocks)
  local inlines = pandoc.Inlines({pandoc.Str(label)})
  local words = pandoc.utils.blocks_to_inlines(blocks or pandoc.Blocks({}))
  if #words > 0 then
    inlines:insert(pandoc.LineBreak())
    inlines:insert(pandoc.Strong(words))
  end
  return pandoc.Blocks({pandoc.Plain(inlines)})
end

local function label_floats(doc)
  local tables, figures = 0, 0
  doc.blocks = doc.blocks:walk({
    Table = function(tbl)
      tables = tables + 1
      local label = table_labels[tables] or ((config.table_word or "Table") .. " " .. tables)
      if placeholders then
        label = "\u{E000}T\u{E000}"
      end
      tbl.caption.long = labelled(label, tbl.caption.long)
      -- Columns sized to their content: no author-given (or pandoc-guessed) widths.
      for i, spec in ipairs(tbl.colspecs) do
        tbl.colspecs[i] = {pandoc.AlignDefault, pandoc.ColWidthDefault}
      end
      return tbl
    end,
    Figure = function(fig)
      figures = figures + 1
      local label = figure_labels[figures] or ((config.figure_word or "Figure") .. " " .. figures)
      if placeholders then
        label = "\u{E000}F\u{E000}"
      end
      fig.caption.long = labelled(label, fig.caption.long)
      return fig
    end,
  })
  return doc
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

-- An address shown as itself breaks only after a slash, never at its hyphens: each run
-- up to a slash is a box of its own. (Typst, breaking at a hyphen, would repeat it at the
-- start of the next line in Spanish, as Spanish words want: "the-new-" / "-urban".)
local function unbroken_address(link)
  if format ~= "typst" then
    return nil
  end
  local text = pandoc.utils.stringify(link.content)
  if text ~= link.target or text == "" then
    return nil
  end
  local pieces = {}
  for piece in text:gmatch("[^/]*/*") do
    if piece ~= "" then
      -- In a right-to-left document the box's own text is set left to right too.
      local dir = config.rtl and "set text(dir: ltr); " or ""
      table.insert(pieces, "#box({" .. dir .. typst_string(piece) .. "})")
    end
  end
  local inner = table.concat(pieces)
  if config.rtl then
    -- Boxes are neutral to the bidi algorithm: in right-to-left text they would be laid
    -- out right to left. A left-to-right isolate keeps the address in its order.
    inner = '#"\u{2066}"' .. inner .. '#"\u{2069}"'
  end
  local markup = "#link(" .. typst_string(link.target) .. ")[" .. inner .. "]"
  return pandoc.RawInline("typst", markup)
end

-- Paragraph numbers: only paragraphs that are direct parts of the document's body.
local function number_paragraphs(doc)
  if not numbered_paragraphs then
    return doc
  end
  local count = 0
  for i, block in ipairs(doc.blocks) do
    if block.t == "Para" then
      count = count + 1
      block.content:insert(1, pandoc.Space())
      block.content:insert(1, pandoc.Str(count .. "."))
      doc.blocks[i] = block
    end
  end
  return doc
end

-- A practice key is a slug; pandoc's typography may have made its "--" a dash.
local function practice_key(written)
  local key = written:gsub("\u{2014}", "---"):gsub("\u{2013}", "--")
  if key:match("^[a-z0-9][a-z0-9%-]*$") and key:sub(-1) ~= "-" and #key <= 64 then
    return key
  end
  return nil
end

local function practice_citation(key)
  local known = practices[key]
  if known == nil then
    local at = practice_unknown:find("{key}", 1, true)
    local text = practice_unknown:sub(1, at - 1) .. key .. practice_unknown:sub(at + 5)
    return pandoc.Strong(pandoc.Inlines(text))
  end
  local link = pandoc.Link(pandoc.Inlines(known.text), known.target)
  if known.marked then
    return pandoc.Strong({link})
  end
  return link
end

local function practice_citations(str)
  local text = str.text
  if not text:find("{practice:", 1, true) then
    return nil
  end
  local out = pandoc.Inlines({})
  local pos = 1
  while true do
    local s, e, written = text:find("{practice:([^{}%s]+)}", pos)
    if s == nil then
      break
    end
    local key = practice_key(written)
    if key ~= nil then
      if s > pos then
        out:insert(pandoc.Str(text:sub(pos, s - 1)))
      end
      out:insert(practice_citation(key))
      pos = e + 1
    else
      out:insert(pandoc.Str(text:sub(pos, e)))
      pos = e + 1
    end
  end
  if pos <= #text then
    out:insert(pandoc.Str(text:sub(pos)))
  end
  return out
end

-- Citations are the sections' own: not in the paper's headings, nor in the annex, whose
-- words are the catalogue's.
local function cite_practices(doc)
  for i, block in ipairs(doc.blocks) do
    if block.t == "Header" and block.identifier == "accord-annex" then
      break
    end
    if not is_section(block) then
      doc.blocks[i] = block:walk({Str = practice_citations})
    end
  end
  return doc
end

return {
  {Pandoc = cite_practices},
  {Image = Image, RawInline = drop, RawBlock = drop, Cite = Cite},
  {Pandoc = nest_sections},
  {Pandoc = label_floats, Link = unbroken_address},
  {Pandoc = number_paragraphs},
}
