import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Case number and date of birth, typed on the keypad. Portrait: one column; landscape: the
// fields beside the keypad.
Rectangle {
    id: screen
    required property QtObject flowVm
    required property QtObject lookupVm
    readonly property bool landscape: width > height

    color: Theme.background

    component Field: ColumnLayout {
        id: field
        property string label
        property string hint
        property string value
        property bool active
        signal tapped()
        spacing: Math.round(Theme.spacing / 3)

        BodyText {
            Layout.fillWidth: true
            text: field.label
            font.weight: Font.DemiBold
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.buttonHeight * 1.15
            radius: Theme.radius
            color: Theme.surface
            border.width: field.active ? 5 : 2
            border.color: field.active ? Theme.focus : Theme.border
            Accessible.role: Accessible.EditableText
            Accessible.name: field.label

            Text {
                // Pinned left to right: a case number or date never mirrors.
                anchors.centerIn: parent
                text: field.value
                textFormat: Text.PlainText
                color: Theme.text
                font.family: "DejaVu Sans Mono"
                font.pixelSize: Theme.title
                font.letterSpacing: 2
            }
            MouseArea { anchors.fill: parent; onClicked: field.tapped() }
        }
        BodyText {
            Layout.fillWidth: true
            text: field.hint
            color: Theme.textMuted
            font.pixelSize: Theme.small
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        TopBar {
            Layout.fillWidth: true
            title: screen.flowVm.officeName
            flowVm: screen.flowVm
            onHome: screen.flowVm.home()
            onBack: screen.flowVm.back()
        }

        // Scrolls only when it must: large text, or the accessibility bar's second row.
        Flickable {
            id: flick
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            contentWidth: width
            contentHeight: grid.implicitHeight + 2 * Theme.margin
            boundsBehavior: Flickable.StopAtBounds

        GridLayout {
            id: grid
            x: Theme.margin
            y: Theme.margin
            width: flick.width - 2 * Theme.margin
            columns: screen.landscape ? 2 : 1
            columnSpacing: Theme.margin
            rowSpacing: Theme.spacing * 1.5

            ColumnLayout {
                Layout.fillWidth: true
                Layout.alignment: Qt.AlignTop
                spacing: Theme.spacing * 1.2

                BodyText {
                    Layout.fillWidth: true
                    text: qsTr("Enter your case number and date of birth")
                    font.pixelSize: Theme.title
                    font.weight: Font.Bold
                }
                Field {
                    objectName: "case_field"
                    Layout.fillWidth: true
                    label: qsTr("Case number")
                    hint: qsTr("You find it at the top of our letter.")
                    value: screen.lookupVm.caseDisplay
                    active: screen.lookupVm.activeField === "case"
                    onTapped: screen.lookupVm.switchField("case")
                }
                Field {
                    objectName: "birth_field"
                    Layout.fillWidth: true
                    label: qsTr("Date of birth")
                    hint: qsTr("Day, month, year: for example 31.12.1990")
                    value: screen.lookupVm.birthDisplay
                    active: screen.lookupVm.activeField === "birth"
                    onTapped: screen.lookupVm.switchField("birth")
                }
                Rectangle {
                    Layout.fillWidth: true
                    Layout.preferredHeight: errorText.implicitHeight + 2 * Theme.spacing
                    visible: errorText.text !== ""
                    radius: Theme.radius
                    color: Theme.errorBackground
                    border.color: Theme.errorText
                    border.width: 2
                    BodyText {
                        id: errorText
                        objectName: "lookup_error"
                        anchors.fill: parent
                        anchors.margins: Theme.spacing
                        text: screen.lookupVm.errorText
                        color: Theme.errorText
                        verticalAlignment: Text.AlignVCenter
                    }
                }
            }

            ColumnLayout {
                Layout.alignment: Qt.AlignHCenter | Qt.AlignTop
                spacing: Theme.spacing * 1.2

                Keypad {
                    id: keypad
                    Layout.alignment: Qt.AlignHCenter
                    onDigit: value => screen.lookupVm.typeDigit(value)
                    onErase: screen.lookupVm.erase()
                    onClear: screen.lookupVm.clear()
                }
                BigButton {
                    objectName: "submit"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Theme.buttonHeight * 1.15
                    primary: true
                    text: qsTr("Check status")
                    pixelSize: Theme.title
                    onClicked: screen.lookupVm.submit()
                }
            }
        }
        }
    }
}
