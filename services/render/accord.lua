-- The project's own pandoc filter (trusted code, unlike the text it filters).
--
-- * Headings written by authors nest under their section's heading: in each section
--   the highest level the author used becomes level 2, the others keep their distance
--   from it (so "#"/"##" and "##"/"###" both give 2/3).
-- * An image is shown only when the renderer was given it under that exact name;
--   any other image (a path, a URL) becomes a short "image not available" note.
-- * Raw TeX/HTML/Typst/OpenXML never survives, whatever extension produced it.
-- * When citeproc does not run (no bibliography), a citation stays the text written.
--
-- Its settings come as JSON in the ACCORD_RENDER environment variable:
--   {"dir": "...", "missing": "...", "images": {"map.png": {"file": "...", "mime": "..."}}}

local config = pandoc.json.decode(os.getenv("ACCORD_RENDER") or "{}", false)
local images = config.images or {}
local missing = config.missing or "image not available"
local citations = config.citations or false
local SECTION_CLASS = "accord-section"

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
  if FORMAT == "docx" then
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

return {
  {Image = Image, RawInline = drop, RawBlock = drop, Cite = Cite},
  {Pandoc = nest_sections},
}
