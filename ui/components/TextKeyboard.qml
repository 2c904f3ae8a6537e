import QtQuick
import QtQuick.Layouts
import ".."

// On-screen keyboard for a form's text field: the rows come from the view model (the Latin
// layout for names and addresses even in an Arabic session, the session's own letters for free
// text). Laid out like the physical layout in every language: never mirrored. Chinese free
// text composes Pinyin: the candidate row above the keys offers the characters.
ColumnLayout {
    id: keyboard
    objectName: "keyboard"
    property var rows: []
    property bool shiftAvailable: true
    property bool shiftOn: false
    property string layoutId: ""
    property bool pinyin: false
    property string composition: ""
    property var candidates: []
    property bool moreCandidates: false
    signal key(string value)
    signal erase()
    signal shift()
    signal candidate(int index)
    signal nextCandidates()
    signal keepLetters()

    LayoutMirroring.enabled: false
    LayoutMirroring.childrenInherit: true
    spacing: Math.round(Theme.spacing / 4)
    readonly property int keyHeight: Math.max(Theme.touchMin, Math.round(Theme.keySize * 0.62))

    CandidateRow {
        visible: keyboard.pinyin
        Layout.fillWidth: true
        keyHeight: keyboard.keyHeight
        composition: keyboard.composition
        candidates: keyboard.candidates
        more: keyboard.moreCandidates
        onChosen: (index) => keyboard.candidate(index)
        onNextPage: keyboard.nextCandidates()
        onKeepLetters: keyboard.keepLetters()
    }

    Repeater {
        model: keyboard.rows
        delegate: RowLayout {
            id: row
            required property var modelData
            Layout.fillWidth: true
            spacing: Math.round(Theme.spacing / 5)
            Repeater {
                model: row.modelData
                delegate: BigButton {
                    required property string modelData
                    objectName: "kb_" + modelData
                    Layout.fillWidth: true
                    Layout.preferredWidth: 10
                    Layout.preferredHeight: keyboard.keyHeight
                    padding: 2
                    pixelSize: Theme.heading
                    text: modelData
                    onClicked: keyboard.key(modelData)
                }
            }
        }
    }
    RowLayout {
        Layout.fillWidth: true
        spacing: Math.round(Theme.spacing / 5)
        BigButton {
            objectName: "kb_shift"
            visible: keyboard.shiftAvailable
            Layout.preferredHeight: keyboard.keyHeight
            Layout.preferredWidth: Theme.keySize * 1.4
            checkable: true
            checked: keyboard.shiftOn
            icon: "⇧"
            text: ""
            accessibleName: qsTr("Capital letter")
            onClicked: keyboard.shift()
        }
        BigButton {
            objectName: "kb_space"
            Layout.fillWidth: true
            Layout.preferredHeight: keyboard.keyHeight
            pixelSize: Theme.small
            text: qsTr("Space")
            onClicked: keyboard.key(" ")
        }
        BigButton {
            objectName: "kb_erase"
            Layout.preferredHeight: keyboard.keyHeight
            Layout.preferredWidth: Theme.keySize * 2
            pixelSize: Theme.small
            icon: "⌫"
            text: qsTr("Erase")
            onClicked: keyboard.erase()
        }
    }
}
